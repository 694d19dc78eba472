"""What every app may use and that uses none of them: the bottom layer (issue 16).

Plain Python and Django only; nothing here imports accounts, registers, eligibility, applications
or residence_permits."""
