"""The meetings API: meetings, notice, the agenda, attendance, quorum, proxies, motions and
amendments, votes, confirmation, requisitions, the resolutions register and minutes."""
