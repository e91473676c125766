"""Front desk services, one module per part (see wuye/frontdesk/parts.py); import from the modules."""
