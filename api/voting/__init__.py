"""The ballots API: set-up, casting (online, in the room, by proxy, by a show of hands),
turnout, results, receipts and the scrutineer's recount kit."""
