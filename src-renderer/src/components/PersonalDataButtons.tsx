import { Button } from '@mui/material';
import { callStaffApi } from '../api-client';
import { saveFile } from '../messages/file-input';

const MIME = { json: 'application/json', pdf: 'application/pdf' } as const;

/** A family's right of access (RGPD): everything held about it, as JSON or as a readable PDF. */
export function PersonalDataButtons({ familyId, onError }: { familyId: number; onError: (error: unknown) => void }) {
  const download = (format: 'json' | 'pdf') =>
    callStaffApi('families.personalData', { familyId, format }).then(
      (file) => saveFile({ filename: file.fileName, mimeType: MIME[format], base64: file.base64 }),
      onError,
    );
  return (
    <>
      <Button onClick={() => download('pdf')}>Données personnelles (PDF)</Button>
      <Button onClick={() => download('json')}>Données personnelles (JSON)</Button>
    </>
  );
}
