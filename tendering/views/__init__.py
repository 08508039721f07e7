"""The joint bid pages (HTML): thin views over `tendering.services` and
`tendering.selectors`, gated by `tendering.permissions`."""
