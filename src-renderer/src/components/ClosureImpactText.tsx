import { Checkbox, FormControlLabel, Typography } from '@mui/material';
import type { ClosureImpact } from '../../../shared/contracts/services';

/** What a closure about to be added does to the bookings: the days it cancels, the first families, whether to tell them. */
export function ClosureImpactText(props: { impact: ClosureImpact; tellFamilies: boolean; onTellFamilies: (tell: boolean) => void }) {
  const { impact } = props;
  if (impact.cancelledDays === 0) {
    return <Typography>Aucun jour réservé ne tombe pendant cette fermeture.</Typography>;
  }
  return (
    <>
      <Typography>
        Cette fermeture annule <strong>{impact.cancelledDays}</strong> jour(s) réservé(s) de {impact.children} enfant(s), dans{' '}
        {impact.families} famille(s) ; ces jours ne seront pas facturés.
      </Typography>
      <Typography component="ul" sx={{ my: 1 }}>
        {impact.sample.map((family) => (
          <li key={family.familyId}>
            {family.familyName} — {family.days}
          </li>
        ))}
        {impact.families > impact.sample.length ? <li>… et {impact.families - impact.sample.length} autre(s) famille(s)</li> : null}
      </Typography>
      {impact.untouchedDays > 0 ? (
        <Typography>
          {impact.untouchedDays} jour(s) déjà facturé(s) ou pointé(s) restent tels quels : à régulariser au besoin par un avoir.
        </Typography>
      ) : null}
      <FormControlLabel
        control={<Checkbox checked={props.tellFamilies} onChange={(e) => props.onTellFamilies(e.target.checked)} />}
        label={`Prévenir ces ${impact.families} famille(s) (message sur le portail, courriel pour celles qui l’acceptent)`}
      />
    </>
  );
}
