"""Forms of the ballot pages (GOV.UK markup through `coop.core.forms.GovukForm`)."""
