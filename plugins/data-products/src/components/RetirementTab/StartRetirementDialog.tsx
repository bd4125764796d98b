import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { RetirementPolicy } from '@meshport/plugin-data-products-common';
import { formatDay, isoDay } from './presentation';

/** Asks for the reason and the sunset; the server checks the notice period again. */
export const StartRetirementDialog = (props: {
  open: boolean;
  policy: RetirementPolicy;
  consumers: number;
  onClose: () => void;
  onStart: (request: { reason: string; sunset: string }) => Promise<void>;
}) => {
  const { open, policy, consumers, onClose, onStart } = props;
  const earliest = formatDay(policy.earliestSunset);
  const [reason, setReason] = useState('');
  const [sunset, setSunset] = useState(isoDay(policy.earliestSunset));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onStart({ reason: reason.trim(), sunset });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Start the retirement</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          The product and its datasets show as deprecated, new access requests
          are refused and{' '}
          {consumers === 0
            ? 'no consumer'
            : `${consumers} consumer${consumers === 1 ? '' : 's'}`}{' '}
          {consumers === 1 ? 'is' : 'are'} notified with the sunset. The notice
          period is {policy.noticePeriod}: the earliest sunset is {earliest}.
        </Typography>
        <TextField
          id="retirement-reason"
          label="Reason"
          helperText="Shown to consumers, e.g. what replaces it"
          value={reason}
          onChange={e => setReason(e.target.value)}
          required
          multiline
          minRows={2}
          fullWidth
          margin="normal"
          inputProps={{ maxLength: 2000 }}
        />
        <TextField
          id="retirement-sunset"
          label="Sunset"
          type="date"
          value={sunset}
          onChange={e => setSunset(e.target.value)}
          required
          fullWidth
          margin="normal"
          InputLabelProps={{ shrink: true }}
          inputProps={{
            min: isoDay(policy.earliestSunset),
            ...(policy.latestSunset
              ? { max: isoDay(policy.latestSunset) }
              : {}),
          }}
          helperText="The steps run on this day (UTC) at the latest"
        />
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !reason.trim() || !sunset}
          onClick={submit}
        >
          Start retirement
        </Button>
      </DialogActions>
    </Dialog>
  );
};
