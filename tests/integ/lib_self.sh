# lib_self.sh: the small meeting the tests of a member's own record share
# (test_self_check.sh, test_self_auto.sh, test_audit_self.sh): body $B with
# sec (书记), m1 and m2 seated, and meeting 1 opened with every one of them
# checked in. Sourced after lib.sh, once yi_setup has run and the
# identities are issued. The set-up steps print nothing; the tests check
# what they are about.

# self_seats BODY: seats sec as secretary and m1, m2 as members.
self_seats() {
	yi admin seat add --body "$1" --identity sec --display 书记 --role secretary >/dev/null
	yi admin seat add --body "$1" --identity m1 --display 委员1 --role member >/dev/null
	yi admin seat add --body "$1" --identity m2 --display 委员2 --role member >/dev/null
}

# self_meeting BODY N: an urgent meeting 1 of body with items 1..N (one:
# titled 议题; more: 议题1..议题N), ordinary, proposed by m1 and approved;
# notified, sec, m1 and m2 checked in, opened. No item started.
self_meeting() {
	local i title
	yi sec meeting schedule --body "$1" --title 会 --at "$(yi_at 10)" --urgent --reason 急 >/dev/null
	for i in $(seq 1 "$2"); do
		title=议题
		[ "$2" -gt 1 ] && title=议题$i
		yi m1 agenda propose --meeting 1 --title "$title" --category ordinary >/dev/null
		yi sec agenda approve --item "$i" >/dev/null
	done
	yi sec meeting notify --meeting 1 >/dev/null
	for i in sec m1 m2; do yi $i checkin --meeting 1 >/dev/null; done
	yi sec meeting open --meeting 1 >/dev/null
}
