export { CliLoginPage, type CliLoginPageProps } from './CliLoginPage';
export {
  parseCliLoginRequest,
  type CliLoginRequest,
  type CliLoginRequestResult,
} from './cliLoginRequest';
