import { ReactNode, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useMountedState from 'react-use/esm/useMountedState';
import { messageOf } from './refs';

export interface NoteDialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  /** Label of the note field; the note is optional. */
  noteLabel?: string;
  /** Extra fields above the note (e.g. the duration of a renewal). */
  children?: ReactNode;
  /** Does the change; a rejection keeps the dialog open with the server's message. */
  onConfirm: (note: string) => Promise<void>;
  onClose: () => void;
}

/**
 * Confirms a decision with an optional note (approve, deny, revoke, cancel,
 * renew). What the server says when it refuses stays on screen.
 */
export const NoteDialog = (props: NoteDialogProps) => {
  const {
    open,
    title,
    description,
    confirmLabel,
    noteLabel = 'Note (optional)',
    children,
    onConfirm,
    onClose,
  } = props;
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  const isMounted = useMountedState();

  const close = () => {
    setNote('');
    setError(undefined);
    onClose();
  };

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onConfirm(note);
      if (!isMounted()) return;
      setSubmitting(false);
      close();
    } catch (e) {
      if (!isMounted()) return;
      setSubmitting(false);
      setError(e);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={submitting ? undefined : close}
      fullWidth
      maxWidth="sm"
      aria-labelledby="note-dialog-title"
    >
      <DialogTitle id="note-dialog-title">{title}</DialogTitle>
      <DialogContent>
        {description && <DialogContentText>{description}</DialogContentText>}
        {children}
        <TextField
          id="note-dialog-note"
          label={noteLabel}
          value={note}
          onChange={event => setNote(event.target.value)}
          multiline
          minRows={2}
          fullWidth
          margin="normal"
          variant="outlined"
          inputProps={{ maxLength: 2000 }}
        />
        {error !== undefined && (
          <Alert severity="error">{messageOf(error)}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={submitting}>
          Close
        </Button>
        <Button
          onClick={confirm}
          color="primary"
          variant="contained"
          disabled={submitting}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
