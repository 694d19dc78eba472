"""The portal's own format overrides (FORMAT_MODULE_PATH); what is not set here is Django's."""
