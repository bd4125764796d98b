import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';

/** An entity to offer: its ref (the field's value) and what people see. */
export interface RefOption {
  ref: string;
  title: string;
}

/** Props of {@link RefPicker}. */
export interface RefPickerProps<T extends RefOption> {
  id: string;
  options: T[];
  /** The chosen ref, the field's value. */
  value?: string;
  onChange(ref: string): void;
  label: string;
  loading: boolean;
  disabled?: boolean;
  required?: boolean;
  error: boolean;
  helperText?: string;
}

/**
 * A scaffolder field that picks one entity by title and yields its ref
 * (the empty string when cleared).
 */
export const RefPicker = <T extends RefOption>(props: RefPickerProps<T>) => {
  const { id, options, value, onChange, label, loading, disabled } = props;
  const selected = options.find(option => option.ref === value) ?? null;
  return (
    <Autocomplete
      id={id}
      options={options}
      value={selected}
      loading={loading}
      disabled={disabled}
      getOptionLabel={option => option.title}
      getOptionSelected={(option, picked) => option.ref === picked.ref}
      onChange={(_event, option) => onChange(option?.ref ?? '')}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          margin="dense"
          variant="outlined"
          required={props.required}
          error={props.error}
          helperText={props.helperText}
          InputProps={{ ...params.InputProps }}
          // busy while the options load: the popup says "Loading…", never "No options"
          inputProps={{ ...params.inputProps, 'aria-busy': loading }}
        />
      )}
    />
  );
};
