"""Renovation services (seed 000 §2): one function per step; each checks its rule and the stage.

application: create, documents, submit, approve, reject, preparation before entry;
completion: fees, workers, permit, start, complete, accept, refund;
supervision: patrols, violations and penalties, hot-work permits."""
