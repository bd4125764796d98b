/*
 * The entity pages of the Meshport kinds for a legacy-frontend-system app (the install guide of the
 * root README copies this file into a portal's packages/app/src/components/catalog/ unchanged; the
 * adoption test does exactly that). Use them in the app's EntityPage.tsx:
 *
 *   <EntitySwitch.Case if={isKind('dataproduct')} children={dataProductEntityPage(entityWarningContent)} />
 *   <EntitySwitch.Case if={isKind('dataset')} children={datasetEntityPage(entityWarningContent)} />
 */
import { ReactNode } from 'react';
import { Grid } from '@material-ui/core';
import {
  AboutContent,
  EntityLayout,
  EntityLinksCard,
  EntitySwitch,
} from '@backstage/plugin-catalog';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityContractContent,
  EntityDataFlowGraphCard,
  EntityDataProductAccessContent,
  EntityDataProductContractCard,
  EntityDataProductOverviewCard,
  EntityDataProductSloSummaryCard,
  EntityDatasetAccessContent,
  EntityDatasetOverviewCard,
  EntityDatasetSchemaCard,
  EntityDatasetSloCard,
  EntityLineageContent,
  EntityProvisioningContent,
  EntityRetirementBanner,
  EntityRetirementContent,
  EntitySloContent,
  isRetiringOrRetired,
} from '@meshport/plugin-data-products';

/**
 * The About card of the Meshport kinds, without "View Source" and "View TechDocs": a product's
 * repository may live on the portal host, which no browser opens, and this portal has no
 * TechDocs (the new frontend system's app hides them the same way, see app-config.yaml).
 */
const MeshportAboutCard = () => {
  const { entity } = useEntity();
  return (
    <InfoCard title="About" variant="gridItem">
      <AboutContent entity={entity} />
    </InfoCard>
  );
};

/** The deprecation banner of a retiring product and its datasets; nothing otherwise. */
const retirementBanner = (
  <EntitySwitch>
    <EntitySwitch.Case if={isRetiringOrRetired}>
      <Grid item xs={12}>
        <EntityRetirementBanner />
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

/**
 * An Overview tab: the app's warnings, the retirement banner, About beside the
 * kind's overview card, then the kind's other cards.
 */
function overviewGrid(
  warnings: ReactNode,
  overviewCard: ReactNode,
  cards: ReactNode,
) {
  return (
    <Grid container spacing={3} alignItems="stretch">
      {warnings}
      {retirementBanner}
      <Grid item md={6} xs={12}>
        <MeshportAboutCard />
      </Grid>
      <Grid item md={6} xs={12}>
        {overviewCard}
      </Grid>
      {cards}
    </Grid>
  );
}

/** The page of a DataProduct entity; `warnings` is the app's entity warning content, if any. */
export function dataProductEntityPage(warnings?: ReactNode) {
  return (
    <EntityLayout>
      <EntityLayout.Route path="/" title="Overview">
        {overviewGrid(
          warnings,
          <EntityDataProductOverviewCard />,
          <>
            <Grid item xs={12}>
              <EntityDataFlowGraphCard />
            </Grid>
            <Grid item md={4} xs={12}>
              <EntityLinksCard />
            </Grid>
            <Grid item xs={12}>
              <EntityDataProductSloSummaryCard />
            </Grid>
            <Grid item md={6} xs={12}>
              <EntityDataProductContractCard />
            </Grid>
          </>,
        )}
      </EntityLayout.Route>

      <EntityLayout.Route path="/provisioning" title="Provisioning">
        <EntityProvisioningContent />
      </EntityLayout.Route>

      <EntityLayout.Route path="/access" title="Access">
        <EntityDataProductAccessContent />
      </EntityLayout.Route>

      <EntityLayout.Route path="/retirement" title="Retirement">
        <EntityRetirementContent />
      </EntityLayout.Route>

      <EntityLayout.Route path="/lineage" title="Lineage">
        <EntityLineageContent />
      </EntityLayout.Route>
    </EntityLayout>
  );
}

/** The page of a Dataset entity; `warnings` is the app's entity warning content, if any. */
export function datasetEntityPage(warnings?: ReactNode) {
  return (
    <EntityLayout>
      <EntityLayout.Route path="/" title="Overview">
        {overviewGrid(
          warnings,
          <EntityDatasetOverviewCard />,
          <>
            <Grid item xs={12}>
              <EntityDatasetSchemaCard />
            </Grid>
            <Grid item md={6} xs={12}>
              <EntityDatasetSloCard />
            </Grid>
            <Grid item xs={12}>
              <EntityDataFlowGraphCard />
            </Grid>
          </>,
        )}
      </EntityLayout.Route>

      <EntityLayout.Route path="/slos" title="SLOs">
        <EntitySloContent />
      </EntityLayout.Route>

      <EntityLayout.Route path="/access" title="Access">
        <EntityDatasetAccessContent />
      </EntityLayout.Route>

      <EntityLayout.Route path="/lineage" title="Lineage">
        <EntityLineageContent />
      </EntityLayout.Route>

      <EntityLayout.Route path="/contract" title="Contract">
        <EntityContractContent />
      </EntityLayout.Route>
    </EntityLayout>
  );
}
