"""Nothing from the journal is in the admin, on purpose.

Even without their words, a list of entries says who wrote, what kind, and when; and deleting a
data key from a web form would make someone's whole journal unreadable with one click. Keys are
looked after with the keys_* management commands (docs/encryption.md).
"""
