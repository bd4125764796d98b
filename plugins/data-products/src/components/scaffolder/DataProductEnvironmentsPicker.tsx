import { useEffect, useMemo, useRef } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';

interface EnvironmentOption {
  name: string;
  accountId?: string;
  region?: string;
}

/** `meshport.environments` as the frontend sees it (names, accounts, regions). */
export function readEnvironmentOptions(config: {
  getOptionalConfigArray(key: string):
    | Array<{
        getString(key: string): string;
        getOptionalString(key: string): string | undefined;
      }>
    | undefined;
}): EnvironmentOption[] {
  return (config.getOptionalConfigArray('meshport.environments') ?? []).map(
    environment => ({
      name: environment.getString('name'),
      accountId: environment.getOptionalString('accountId'),
      region: environment.getOptionalString('region'),
    }),
  );
}

/**
 * The environments a new product gets its roles in, from
 * `meshport.environments`; all of them are ticked to begin with.
 */
export const DataProductEnvironmentsPicker = (
  props: FieldExtensionComponentProps<string[]>,
) => {
  const { onChange, formData, schema, rawErrors, required, disabled } = props;
  const configApi = useApi(configApiRef);
  const options = useMemo(() => readEnvironmentOptions(configApi), [configApi]);
  const selected = formData ?? [];

  // The form starts the field as undefined or [] (RJSF's default for arrays): tick everything
  // once, then leave the choice to the user.
  const initialized = useRef(false);
  useEffect(() => {
    if (initialized.current || options.length === 0) {
      return;
    }
    initialized.current = true;
    if (!formData || formData.length === 0) {
      onChange(options.map(option => option.name));
    }
  }, [formData, options, onChange]);

  const toggle = (name: string, checked: boolean) => {
    const next = options
      .map(option => option.name)
      .filter(n => (n === name ? checked : selected.includes(n)));
    onChange(next);
  };

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
    >
      <FormLabel component="legend">{schema.title ?? 'Environments'}</FormLabel>
      {options.length === 0 ? (
        <FormHelperText>
          No environments are configured (meshport.environments in
          app-config.yaml).
        </FormHelperText>
      ) : (
        <FormGroup>
          {options.map(option => (
            <FormControlLabel
              key={option.name}
              control={
                <Checkbox
                  checked={selected.includes(option.name)}
                  disabled={disabled}
                  onChange={event => toggle(option.name, event.target.checked)}
                  name={option.name}
                />
              }
              label={`${option.name}${
                option.accountId
                  ? ` (AWS account ${option.accountId}${
                      option.region ? `, ${option.region}` : ''
                    })`
                  : ''
              }`}
            />
          ))}
        </FormGroup>
      )}
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
    </FormControl>
  );
};

export const dataProductEnvironmentsValidation: CustomFieldValidator<
  string[]
> = (value, validation) => {
  if (!value || value.length === 0) {
    validation.addError('Choose at least one environment');
  }
};
