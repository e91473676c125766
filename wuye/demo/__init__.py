"""`python manage.py load_demo`: clearly fake demo data for `make run` (floor 8: it may use every app).

One module per area, each a mixin of the command in `wuye/estate/management/commands/load_demo.py`:
`estate` (projects, buildings, units, people, roster), `accounts` (logins), `billing` (fee items,
a year of charge runs, payments, meters, deposits, arrears), `parking` (spaces, rentals, IC
cards, a day at the gate); the service desk's part is `wuye.servicedesk.demo`.

Everything is written through the services, with the event times of the records (a year of
history entered "after the fact"); `clock.frozen` sets Django's clock to a record's moment for
the services that stamp the current time themselves (receipts, cards, charge runs). Each section
is skipped when its records exist, so a second run changes nothing.
"""
