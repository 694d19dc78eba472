"""The household register: regions (GB/T 2260), police stations, addresses, households
(family and collective), persons keyed by the 公民身份号码, and memberships with their history."""
