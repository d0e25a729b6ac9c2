"""What the desk tells operators about itself: Prometheus metrics, the correlation id of the
work in hand, and JSON log lines that carry it."""
