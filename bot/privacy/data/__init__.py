"""Name and word lists shipped with the privacy guard (plain-text files, read by bot.privacy.namelists)."""
