from django.dispatch import Signal

# Sent inside the transaction that marks an email SENT, with `email`: apps that queued it
# (the message rhythm) count it as received from that moment.
email_sent = Signal()
