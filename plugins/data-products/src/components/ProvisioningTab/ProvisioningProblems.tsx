import { Box } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { ProvisioningRunProblem } from '@meshport/plugin-data-products-common';
import { describeProblemLocation } from './presentation';

/** The errors and warnings found while planning the product, one alert each. */
export const ProvisioningProblems = (props: {
  problems: ProvisioningRunProblem[];
}) => {
  const { problems } = props;
  if (problems.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {problems.map((problem, index) => {
        const location = describeProblemLocation(problem);
        return (
          <Alert key={index} severity={problem.severity}>
            {location && <AlertTitle>{location}</AlertTitle>}
            {problem.message}
          </Alert>
        );
      })}
    </Box>
  );
};
