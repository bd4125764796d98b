export { MeshportSignInPage } from './SignInPage';
