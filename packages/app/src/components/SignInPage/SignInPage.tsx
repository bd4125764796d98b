import { useEffect, useState } from 'react';
import {
  Button,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  WarningPanel,
} from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  type IdentityApi,
  type SignInPageProps,
} from '@backstage/core-plugin-api';
import {
  clearSampleUserCookie,
  readSampleUsers,
  readStoredProvider,
  setSampleUserCookie,
  storeProvider,
  type SampleUser,
  type SignInProviderId,
} from './sampleUsers';

/** Signing out forgets the choice and the sample user, then signs out as usual. */
function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      storeProvider(undefined);
      clearSampleUserCookie();
      await identity.signOut();
    },
  };
}

/** Hands a failed attempt back to the page (ProxiedSignInPage renders it). */
const ReportFailure = (props: {
  error: Error;
  onFailure: (error: Error) => void;
}) => {
  const { error, onFailure } = props;
  useEffect(() => onFailure(error), [error, onFailure]);
  return null;
};

const GuestCard = (props: { onEnter: () => void }) => (
  <InfoCard
    title="Guest"
    variant="fullHeight"
    actions={
      <Button color="primary" variant="outlined" onClick={props.onEnter}>
        Enter
      </Button>
    }
  >
    <Typography variant="body1">
      Enter as the guest user of the sample organisation (a member of
      team-sales).
    </Typography>
  </InfoCard>
);

const SampleUsersCard = (props: {
  users: SampleUser[];
  onPick: (name: string) => void;
}) => (
  <InfoCard title="Sign in as a sample user" variant="fullHeight">
    <Typography variant="body2" color="textSecondary">
      Try the portal as different people: a product owner asking for access, a
      dataset owner deciding, an admin. Development only.
    </Typography>
    <List dense aria-label="Sample users">
      {props.users.map(user => (
        <ListItem
          key={user.name}
          button
          aria-label={`Sign in as ${user.name}`}
          onClick={() => props.onPick(user.name)}
        >
          <ListItemText primary={user.name} secondary={user.description} />
        </ListItem>
      ))}
    </List>
  </InfoCard>
);

type Attempt = {
  provider: SignInProviderId;
  /** 0: restoring the last session on load; then one per click. */
  count: number;
};

/**
 * The portal's sign-in page: the guest ("Enter"), and, when `meshport.sampleUsers` is
 * configured, a list of sample users to sign in as. Both complete through the backend's proxied
 * providers (`/api/auth/guest/refresh`, `/api/auth/sample-users/refresh`); the chosen sample user
 * travels in the `meshport-sample-user` cookie. The choice survives a reload; signing out
 * forgets it.
 */
export const MeshportSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const sampleUsers = readSampleUsers(config);
  const [attempt, setAttempt] = useState<Attempt | undefined>(() => {
    const stored = readStoredProvider();
    return stored ? { provider: stored, count: 0 } : undefined;
  });
  const [failure, setFailure] = useState<Error>();

  const start = (provider: SignInProviderId, sampleUser?: string) => {
    if (sampleUser) {
      setSampleUserCookie(sampleUser);
    }
    storeProvider(provider);
    setFailure(undefined);
    setAttempt(current => ({ provider, count: (current?.count ?? 0) + 1 }));
  };

  if (attempt && !failure) {
    return (
      <ProxiedSignInPage
        key={attempt.count}
        {...props}
        provider={attempt.provider}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgettingOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <ReportFailure
            error={error ?? new Error('Sign-in failed')}
            onFailure={e => {
              storeProvider(undefined);
              // a stale session on load just shows the choices again
              if (attempt.count > 0) {
                setFailure(e);
              } else {
                setAttempt(undefined);
              }
            }}
          />
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header title={config.getOptionalString('app.title') ?? 'Meshport'} />
      <Content>
        <ContentHeader title="Select a sign-in method" />
        {failure && (
          <WarningPanel
            severity="error"
            title="Sign-in failed"
            message={messageOf(failure)}
            defaultExpanded
          />
        )}
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <GuestCard onEnter={() => start('guest')} />
          </Grid>
          {sampleUsers.length > 0 && (
            <Grid item xs={12} md={6}>
              <SampleUsersCard
                users={sampleUsers}
                onPick={name => start('sample-users', name)}
              />
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
};

/** The server's message of a ResponseError, or the error's own. */
function messageOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message
    ? cause.message
    : error.message;
}
