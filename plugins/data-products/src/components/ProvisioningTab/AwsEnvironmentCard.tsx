import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
  makeStyles,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Alert } from '@material-ui/lab';
import {
  CodeSnippet,
  CopyTextButton,
  InfoCard,
} from '@backstage/core-components';
import {
  AwsEnvironmentResources,
  AwsPolicyDocument,
  AwsRoleView,
  describeGlueDatabase,
  sayProductTitle,
} from './awsResources';
import { formatBytes, prettyJson } from './presentation';

const useStyles = makeStyles(theme => ({
  role: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  arn: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
  policyDetails: {
    display: 'block',
    overflowX: 'auto',
  },
  sectionTitle: {
    marginTop: theme.spacing(2),
  },
}));

/** A policy document, collapsed until someone wants to read it. */
const PolicyAccordion = (props: {
  title: string;
  document: AwsPolicyDocument | undefined;
}) => {
  const { title, document } = props;
  const classes = useStyles();
  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="body2">{title}</Typography>
      </AccordionSummary>
      <AccordionDetails className={classes.policyDetails}>
        {document ? (
          <CodeSnippet
            text={prettyJson(document)}
            language="json"
            showCopyCodeButton
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            No document planned.
          </Typography>
        )}
      </AccordionDetails>
    </Accordion>
  );
};

const RoleBlock = (props: { role: AwsRoleView; productTitle?: string }) => {
  const { role } = props;
  const classes = useStyles();
  return (
    <Box
      component="section"
      className={classes.role}
      aria-label={`Role ${role.name}`}
    >
      <Box display="flex" alignItems="center" gridGap={8}>
        <Chip size="small" label={role.kind} color="primary" />
        <Typography variant="subtitle1">
          <strong>{role.name}</strong>
        </Typography>
      </Box>
      <Box display="flex" alignItems="center">
        <Typography variant="body2" className={classes.arn}>
          {role.arn}
        </Typography>
        <CopyTextButton
          text={role.arn}
          tooltipText="ARN copied to clipboard"
          aria-label={`Copy the ARN of ${role.name}`}
        />
      </Box>
      <Typography variant="body2" color="textSecondary" paragraph>
        {sayProductTitle(role.purpose, role.dataProduct, props.productTitle)}
      </Typography>
      {role.policyStatus === 'quota-exceeded' && (
        <Box mb={1}>
          <Alert severity="warning">
            The permissions of this role do not fit IAM's policy size quotas.
            Meshport leaves the role's current policies as they are until they
            fit again; ask the platform team to review its grants.
          </Alert>
        </Box>
      )}
      <PolicyAccordion title="Trust policy" document={role.trustPolicy} />
      {role.managedPolicies.map(policy => (
        <PolicyAccordion
          key={policy.name}
          title={`Managed policy ${policy.name}`}
          document={policy.document}
        />
      ))}
      {role.inlinePolicies.map(policy => (
        <PolicyAccordion
          key={policy.name}
          title={`Inline policy ${policy.name}`}
          document={policy.document}
        />
      ))}
    </Box>
  );
};

const SectionTitle = (props: { children: string }) => {
  const classes = useStyles();
  return (
    <Typography variant="h6" component="h3" className={classes.sectionTitle}>
      {props.children}
    </Typography>
  );
};

/** One Glue database: its name, and its description cut to one line with an ellipsis, whole in a tooltip. */
const GlueDatabaseItem = (props: { name: string; description?: string }) => (
  <ListItem disableGutters>
    <ListItemText
      primary={<code>{props.name}</code>}
      secondary={props.description}
      secondaryTypographyProps={{ noWrap: true, title: props.description }}
    />
  </ListItem>
);

/** The AWS resources Meshport plans for the product in one environment. */
export const AwsEnvironmentCard = (props: {
  resources: AwsEnvironmentResources;
  /** The product's title, said in place of its ref. */
  productTitle?: string;
}) => {
  const { environment, roles, glueDatabases, workgroups, prefixes } =
    props.resources;

  return (
    <InfoCard
      title={`AWS resources in ${environment}`}
      subheader="The desired state Meshport reconciles towards"
    >
      <SectionTitle>Roles</SectionTitle>
      {roles.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No roles planned.
        </Typography>
      ) : (
        roles.map(role => (
          <RoleBlock
            key={role.name}
            role={role}
            productTitle={props.productTitle}
          />
        ))
      )}

      {glueDatabases.length > 0 && (
        <>
          <SectionTitle>Glue databases</SectionTitle>
          <List dense>
            {glueDatabases.map(database => (
              <GlueDatabaseItem
                key={database.name}
                name={database.name}
                description={describeGlueDatabase(database, props.productTitle)}
              />
            ))}
          </List>
        </>
      )}

      {workgroups.length > 0 && (
        <>
          <SectionTitle>Athena workgroup</SectionTitle>
          <List dense>
            {workgroups.map(workgroup => (
              <ListItem key={workgroup.name} disableGutters>
                <ListItemText
                  primary={<code>{workgroup.name}</code>}
                  secondary={
                    <>
                      {workgroup.outputLocation && (
                        <>
                          Query results in{' '}
                          <code>{workgroup.outputLocation}</code>
                        </>
                      )}
                      {workgroup.bytesScannedCutoffPerQuery !== undefined && (
                        <>
                          {workgroup.outputLocation ? '; ' : ''}
                          at most{' '}
                          {formatBytes(
                            workgroup.bytesScannedCutoffPerQuery,
                          )}{' '}
                          scanned per query
                        </>
                      )}
                    </>
                  }
                />
              </ListItem>
            ))}
          </List>
        </>
      )}

      {prefixes.length > 0 && (
        <>
          <SectionTitle>S3 prefixes</SectionTitle>
          <List dense>
            {prefixes.map(prefix => (
              <ListItem
                key={`${prefix.bucket}/${prefix.prefix}`}
                disableGutters
              >
                <ListItemText
                  primary={
                    <code>{`s3://${prefix.bucket}/${prefix.prefix}`}</code>
                  }
                  secondary={
                    prefix.dataset
                      ? `Output of ${prefix.dataset}`
                      : "The product's workspace"
                  }
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </InfoCard>
  );
};
