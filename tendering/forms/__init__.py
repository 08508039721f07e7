"""Forms of the tendering pages. They check only the shape of the input (and turn pounds
into pence); the services check the rules, and their messages land on the fields they name."""
