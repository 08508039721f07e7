"""Forms of the governance pages (GOV.UK markup through `coop.core.forms.GovukForm`)."""
