import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Divider, Stack } from '@mui/material';
import type { ChildSummary } from '../../../shared/contracts/families';
import { callStaffApi } from '../api-client';
import { ListEditor } from './ListEditor';
import { SectionEditor } from './SectionEditor';
import { EnrolmentsEditor } from './EnrolmentsEditor';
import { ofName } from '../../../shared/domain/french-grammar';

/** A child's whole record for agents: information, health data, vaccinations, authorised persons. */
export function ChildRecordDialog({ child, onClose }: { child: ChildSummary; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="child-record-title">
      <DialogTitle id="child-record-title">Fiche {ofName(`${child.firstName} ${child.lastName}`)}</DialogTitle>
      <DialogContent>
        <Stack sx={{ gap: 3, mt: 1 }}>
          <EnrolmentsEditor childId={child.id} />
          <Divider />
          <SectionEditor section="child_information" ownerId={child.id} />
          <Divider />
          <SectionEditor section="health" ownerId={child.id} />
          <ListEditor
            title="Vaccinations"
            name="vaccinations"
            max={20}
            addLabel="Ajouter un vaccin"
            saveLabel="Enregistrer les vaccinations"
            columns={[
              { key: 'vaccine', label: 'Vaccin', type: 'text', width: 4 },
              { key: 'vaccinatedOn', label: 'Date du vaccin', type: 'date', width: 4 },
              { key: 'boosterDueOn', label: 'Date du rappel', type: 'date', width: 4 },
            ]}
            load={async () => (await callStaffApi('records.getVaccinations', { id: child.id })).vaccinations as never}
            save={async (rows, loaded) =>
              (await callStaffApi('records.updateVaccinations', { childId: child.id, vaccinations: rows as never, expected: loaded }))
                .vaccinations as never
            }
          />
          <Divider />
          <ListEditor
            title="Personnes autorisées à venir chercher l'enfant"
            name="persons"
            max={8}
            addLabel="Ajouter une personne"
            saveLabel="Enregistrer les personnes autorisées"
            columns={[
              { key: 'lastName', label: 'Nom', type: 'text', width: 3 },
              { key: 'firstName', label: 'Prénom', type: 'text', width: 3 },
              { key: 'relationship', label: 'Lien', type: 'text', width: 3 },
              { key: 'phone', label: 'Téléphone', type: 'text', width: 3 },
              { key: 'emergencyContact', label: 'À prévenir en cas d’urgence', type: 'checkbox', width: 12 },
            ]}
            load={async () => (await callStaffApi('records.getPersons', { id: child.id })).persons as never}
            save={async (rows, loaded) =>
              (await callStaffApi('records.updatePersons', { childId: child.id, persons: rows as never, expected: loaded }))
                .persons as never
            }
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Fermer</Button>
      </DialogActions>
    </Dialog>
  );
}
