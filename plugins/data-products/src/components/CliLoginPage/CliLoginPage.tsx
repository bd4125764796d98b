import { useMemo, useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { useLocation } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { CliLoginRequest, parseCliLoginRequest } from './cliLoginRequest';

/** Props of {@link CliLoginPage}. */
export interface CliLoginPageProps {
  /** Leave the header out: in the new frontend system the page layout draws it. */
  noHeader?: boolean;
}

type Step =
  | { kind: 'asking' }
  | { kind: 'sending' }
  | { kind: 'done'; allowed: boolean }
  | { kind: 'failed'; message: string };

/** Sends the user's answer (their token, or a refusal) to the CLI's loopback address only. */
async function answerCli(
  request: CliLoginRequest,
  answer: { token: string } | { denied: true },
): Promise<string | undefined> {
  try {
    const response = await fetch(request.callback, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: request.state, ...answer }),
    });
    if (response.ok) {
      return undefined;
    }
    const body = await response.json().catch(() => ({}));
    return `The CLI refused the answer: ${
      body?.message ?? `HTTP ${response.status}`
    }`;
  } catch {
    return `The CLI no longer listens at ${request.callback}: run meshport login again and open the new link.`;
  }
}

function Ask(props: { request: CliLoginRequest }) {
  const { request } = props;
  const identityApi = useApi(identityApiRef);
  const [step, setStep] = useState<Step>({ kind: 'asking' });
  const who = useAsync(async () => {
    const [identity, profile] = await Promise.all([
      identityApi.getBackstageIdentity(),
      identityApi.getProfileInfo(),
    ]);
    return {
      ref: identity.userEntityRef,
      name: profile.displayName ?? identity.userEntityRef,
    };
  }, [identityApi]);

  const answer = async (allowed: boolean) => {
    setStep({ kind: 'sending' });
    const problem = await answerCli(
      request,
      allowed
        ? { token: (await identityApi.getCredentials()).token ?? '' }
        : { denied: true },
    );
    setStep(
      problem
        ? { kind: 'failed', message: problem }
        : { kind: 'done', allowed },
    );
  };

  if (who.error) {
    return <ResponseErrorPanel error={who.error} />;
  }
  if (!who.value) {
    return <Progress />;
  }
  if (step.kind === 'done') {
    return (
      <Alert severity={step.allowed ? 'success' : 'info'}>
        {step.allowed
          ? `Signed in as ${who.value.name}: return to your terminal.`
          : 'You refused: the CLI was told, and has no token.'}
      </Alert>
    );
  }
  return (
    <InfoCard title="A command line asks to use your sign-in">
      <Typography paragraph>
        <strong>{request.client}</strong> asks to act as{' '}
        <strong>{who.value.name}</strong>
        {who.value.name === who.value.ref ? '' : ` (${who.value.ref})`} in this
        portal, with your permissions, until this sign-in expires.
      </Typography>
      <Typography paragraph>
        Your token goes to {request.callback}, a program on this computer only.
        Allow only if you just ran <code>meshport login</code>.
      </Typography>
      {step.kind === 'failed' && (
        <Box mb={2}>
          <Alert severity="error">{step.message}</Alert>
        </Box>
      )}
      <Box display="flex" gridGap={8}>
        <Button
          variant="contained"
          color="primary"
          disabled={step.kind === 'sending'}
          onClick={() => answer(true)}
        >
          Allow
        </Button>
        <Button
          variant="outlined"
          disabled={step.kind === 'sending'}
          onClick={() => answer(false)}
        >
          Deny
        </Button>
      </Box>
    </InfoCard>
  );
}

/**
 * The page `meshport login` opens: after the portal's normal sign-in, it says which CLI asks and,
 * on the user's click, sends the user's Backstage token to the CLI's loopback address (never
 * anywhere else). Mount it at `/meshport/cli-login`.
 */
export const CliLoginPage = (props: CliLoginPageProps) => {
  const { search } = useLocation();
  const parsed = useMemo(() => parseCliLoginRequest(search), [search]);
  const body = parsed.ok ? (
    <Ask request={parsed.request} />
  ) : (
    <WarningPanel
      severity="error"
      title="This sign-in link cannot be used"
      message={parsed.problem}
    />
  );
  return (
    <Page themeId="tool">
      {!props.noHeader && (
        <Header
          title="Sign in the meshport CLI"
          subtitle="Hand your portal sign-in to the command line on this computer"
        />
      )}
      <Content>{body}</Content>
    </Page>
  );
};
