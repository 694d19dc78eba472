"""Transfer and registration cases: applications, accompanying relatives, documents, the case
state machine, decisions with reasons, certificates, the clerk's queue and batch review queues."""
