"""The HTML pages of voting: the member's ballot and vote, results, the secretary's set-up,
turnout and room, and the scrutineer's page."""
