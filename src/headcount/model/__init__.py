"""Pure domain types: vocabulary, partial dates, places, and the entities of the store."""
