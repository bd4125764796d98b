import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import Input from '@material-ui/core/Input';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import CircularProgress from '@material-ui/core/CircularProgress';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import { describeNameProblem } from './names';

/** `ui:options` of the field. */
export interface DataProductNameFieldOptions {
  /** The kind the name must be unused for; default DataProduct. */
  kind?: 'DataProduct' | 'Dataset';
  /** Namespace of the new entity; default `default`. */
  namespace?: string;
}

type Availability =
  | { state: 'idle' }
  | { state: 'checking'; name: string }
  | { state: 'available'; name: string }
  | { state: 'taken'; name: string }
  | { state: 'unknown'; name: string; message: string };

/** How long typing must pause before the catalog is asked. */
export const NAME_CHECK_DELAY_MS = 300;

const optionsOf = (uiSchema: any): Required<DataProductNameFieldOptions> => ({
  kind: uiSchema?.['ui:options']?.kind ?? 'DataProduct',
  namespace: uiSchema?.['ui:options']?.namespace ?? 'default',
});

/**
 * A name for a new DataProduct or Dataset, checked as you type: its format
 * at once, whether the catalog already has it shortly after typing stops.
 */
export const DataProductNameField = (
  props: FieldExtensionComponentProps<string, DataProductNameFieldOptions>,
) => {
  const {
    onChange,
    formData,
    required,
    rawErrors,
    schema,
    uiSchema,
    idSchema,
    disabled,
  } = props;
  const { kind, namespace } = optionsOf(uiSchema);
  const catalogApi = useApi(catalogApiRef);
  const value = formData ?? '';
  const formatProblem = value ? describeNameProblem(value) : undefined;
  const [availability, setAvailability] = useState<Availability>({
    state: 'idle',
  });
  const latest = useRef(value);

  useEffect(() => {
    latest.current = value;
    if (!value || formatProblem) {
      setAvailability({ state: 'idle' });
      return undefined;
    }
    setAvailability({ state: 'checking', name: value });
    const timer = setTimeout(async () => {
      try {
        const entity = await catalogApi.getEntityByRef({
          kind,
          namespace,
          name: value,
        });
        // A slower answer for an earlier value must not overwrite a newer one.
        if (latest.current === value) {
          setAvailability({
            state: entity ? 'taken' : 'available',
            name: value,
          });
        }
      } catch (error) {
        if (latest.current === value) {
          setAvailability({
            state: 'unknown',
            name: value,
            message: (error as Error).message,
          });
        }
      }
    }, NAME_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, formatProblem, kind, namespace, catalogApi]);

  const taken = availability.state === 'taken';
  let helperText: string = schema.description ?? '';
  if (formatProblem) {
    helperText = formatProblem;
  } else if (taken) {
    helperText = `"${value}" is taken: the catalog already has ${kind} ${namespace}/${value}`;
  } else if (availability.state === 'available') {
    helperText = `"${value}" is available`;
  } else if (availability.state === 'checking') {
    helperText = `Checking whether "${value}" is free…`;
  } else if (availability.state === 'unknown') {
    helperText = `Could not ask the catalog: ${availability.message}`;
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={Boolean(formatProblem) || taken || (rawErrors?.length ?? 0) > 0}
    >
      <InputLabel htmlFor={idSchema?.$id}>{schema.title ?? 'Name'}</InputLabel>
      <Input
        id={idSchema?.$id}
        value={value}
        disabled={disabled}
        autoComplete="off"
        inputProps={{ 'aria-describedby': `${idSchema?.$id}-helper` }}
        onChange={event => onChange(event.target.value.trim() || undefined)}
        endAdornment={
          <InputAdornment position="end">
            {availability.state === 'checking' && (
              <CircularProgress size={16} aria-label="Checking the name" />
            )}
            {availability.state === 'available' && (
              <CheckCircleIcon
                fontSize="small"
                style={{ color: '#2e7d32' }}
                aria-label="Name available"
              />
            )}
            {taken && (
              <ErrorIcon
                fontSize="small"
                color="error"
                aria-label="Name taken"
              />
            )}
          </InputAdornment>
        }
      />
      <FormHelperText id={`${idSchema?.$id}-helper`}>
        {helperText}
      </FormHelperText>
    </FormControl>
  );
};

/**
 * Runs when the user moves on: the same format rule, and the catalog asked
 * once more (the name may have been taken since it was typed).
 */
export const dataProductNameValidation: CustomFieldValidator<
  string,
  DataProductNameFieldOptions
> = async (value, validation, context) => {
  const problem = describeNameProblem(value ?? '');
  if (problem) {
    validation.addError(problem);
    return;
  }
  const { kind, namespace } = optionsOf(context.uiSchema);
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    return;
  }
  const entity = await catalogApi.getEntityByRef({
    kind,
    namespace,
    name: value,
  });
  if (entity) {
    validation.addError(
      `"${value}" is taken: the catalog already has ${kind} ${namespace}/${value}`,
    );
  }
};
