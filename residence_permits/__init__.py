"""Residence registration (居住登记), residence permits (居住证), yearly endorsement (签注), the
rights that grow with years of residence, and the road from a permit to hukou."""
