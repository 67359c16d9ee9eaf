"""Domain logic with no HTTP in it: accounts, profiles, concerts, tickets, streams, reactions, chat."""
