import { useState } from 'react';
import { Box, Grid, Tab, Tabs } from '@material-ui/core';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { useSearchParams } from 'react-router-dom';
import { AccessRequestActions } from '../AccessTab/AccessRequestActions';
import { AccessRequestsCard } from '../AccessTab/AccessRequestsCard';
import { sameRef } from '../AccessTab/refs';
import { useViewer } from '../AccessTab/useViewer';

const TABS = [
  { id: 'awaiting', label: 'Awaiting my decision' },
  { id: 'mine', label: 'My requests' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** Props of {@link AccessRequestsPage}. */
export interface AccessRequestsPageProps {
  /** Leave the header out: in the new frontend system the page layout draws it. */
  noHeader?: boolean;
}

/**
 * Everything access requests ask of the signed-in user: the requests waiting
 * for their decision (as a dataset owner) and the ones they made, with the
 * actions each allows. The tab is in the URL (`?tab=mine`).
 */
export const AccessRequestsPage = (props: AccessRequestsPageProps) => {
  const { noHeader } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: TabId = searchParams.get('tab') === 'mine' ? 'mine' : 'awaiting';
  const { viewer, error } = useViewer();
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey(key => key + 1);

  let body;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!viewer) {
    body = <Progress />;
  } else if (tab === 'awaiting') {
    body = (
      <AccessRequestsCard
        key="awaiting"
        title="Awaiting my decision"
        subheader="Pending requests for datasets you own. Requests you made yourself are decided by another owner."
        filter={{ awaitingMyDecision: true, status: 'pending' }}
        columns={[
          'dataset',
          'consumer',
          'requester',
          'environments',
          'purpose',
          'validity',
          'requestedAt',
        ]}
        renderActions={(request: AccessRequest) => (
          <AccessRequestActions
            request={request}
            // the server lists only what the viewer may decide
            can={{ decide: !sameRef(request.requester, viewer.userEntityRef) }}
            onChanged={refresh}
          />
        )}
        emptyText="Nothing is waiting for your decision."
        refreshKey={refreshKey}
      />
    );
  } else {
    body = (
      <AccessRequestsCard
        key="mine"
        title="My requests"
        subheader="Requests you made, newest first. Cancel a pending one; renew an access before it expires."
        filter={{ mine: true }}
        // six columns and the actions fit a 1024-pixel window: the environments sit under the status
        columns={['dataset', 'consumer', 'access', 'validity', 'decision']}
        renderActions={(request: AccessRequest) => (
          <AccessRequestActions
            request={request}
            can={{ cancel: true, renew: true }}
            onChanged={refresh}
          />
        )}
        emptyText="You have not requested access to any dataset. Open a dataset's Access tab to ask."
        refreshKey={refreshKey}
      />
    );
  }

  const content = (
    <Content>
      <Box mb={2}>
        <Tabs
          value={tab}
          onChange={(_event, value: TabId) =>
            setSearchParams(value === 'awaiting' ? {} : { tab: value })
          }
          indicatorColor="primary"
          textColor="primary"
          aria-label="Access requests"
        >
          {TABS.map(t => (
            <Tab key={t.id} value={t.id} label={t.label} />
          ))}
        </Tabs>
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {body}
        </Grid>
      </Grid>
    </Content>
  );

  if (noHeader) {
    return content;
  }
  return (
    <Page themeId="tool">
      <Header
        title="Access requests"
        subtitle="Data products asking to read datasets, and the decisions on them"
      />
      {content}
    </Page>
  );
};
