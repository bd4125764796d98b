import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useApi } from '@backstage/core-plugin-api';
import {
  ContractFile,
  ContractFormat,
  contractsApiRef,
} from '@meshport/plugin-data-products-react';

/** Saves a text file in the browser (an object URL clicked as a download link). */
export function saveFile(file: ContractFile) {
  const url = URL.createObjectURL(
    new Blob([file.text], { type: 'application/yaml' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface DownloadContractButtonProps {
  entityRef: string;
  format: ContractFormat;
}

/** "Download ODCS" / "Download ODPS": the backend's YAML document of the entity, saved as a file. */
export const DownloadContractButton = ({
  entityRef,
  format,
}: DownloadContractButtonProps) => {
  const api = useApi(contractsApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      saveFile(await api.getContractFile(entityRef, format));
    } catch (e) {
      setError(`The download failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<GetAppIcon />}
        disabled={busy}
        onClick={download}
      >
        Download {format.toUpperCase()}
      </Button>
      {error && (
        <Typography color="error" variant="body2" role="alert">
          {error}
        </Typography>
      )}
    </>
  );
};
