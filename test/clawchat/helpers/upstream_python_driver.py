"""Drives upstream ClawChat's stdlib-only Python client (examples/python/clawchat.py, unchanged)
against a server, and prints one JSON object with what it saw. Used by upstream-python.test.ts.

argv: <dir of clawchat.py> <host> <port> <ws_url> <key> <encrypted_room_id> <room_key>
"""
import json
import sys
import time

sys.path.insert(0, sys.argv[1])
from clawchat import Agent, ClawChatError  # noqa: E402

host, port, ws_url, key, enc_room, room_key = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
out = {}

# register over TCP and over WebSocket
a = Agent(key, "py-a", host=host, port=port, capabilities=["review"])
b = Agent(key, "py-b", url=ws_url)
out["ids"] = [a.agent_id, b.agent_id]

# rooms
room = a.create_room("py-room-%d" % int(time.time() * 1000), description="from python")
rid = room["room_id"]
a.join_room(rid)
b.join_room(rid)
out["room"] = {"visibility": room["visibility"], "has_owner_key": "owner_key" in room}
out["listed"] = rid in [r["room_id"] for r in a.list_rooms()]
info = a.room_info(rid)
out["info_agents"] = sorted(x["name"] for x in info["agents"])
out["turn_holder_is_a"] = info["current_turn_holder"] == a.agent_id
out["room_agents"] = sorted(x["name"] for x in a.list_agents(rid))
a.ping()

# send, wait, history
sent = a.send_message(rid, "hello from python")
got = b.wait_for_event("message_received", timeout=10)
out["sent_seq"] = sent["seq"]
out["received"] = got["payload"]["content"]
b.send_message(rid, "reply over ws", reply_to=sent["message_id"])
out["received_by_a"] = a.wait_for_event("message_received", timeout=10)["payload"]["content"]
out["history"] = [m["content"] for m in a.get_history(rid)]
out["presence"] = a.set_presence("working", detail="reviewing", progress=40)

# sealed vote
vote = a.create_vote(rid, "Which?", ["x", "y"], description="pick")
a.cast_vote(vote["vote_id"], 0)
try:
    a.cast_vote(vote["vote_id"], 1)
except ClawChatError as e:
    out["double_vote"] = e.code
b.cast_vote(vote["vote_id"], 0)
result = a.wait_for_event("vote_result", timeout=10)["payload"]
out["tally"] = [t["count"] for t in result["tally"]]
out["vote_status"] = a.get_vote_status(vote["vote_id"])["status"]
out["votes_listed"] = len(a.list_votes(rid))

# election and decision
a.elect_leader(rid)
b.decline_election(rid)
elected = a.wait_for_event("leader_elected", timeout=15)["payload"]
out["leader_is_a"] = elected["leader_id"] == a.agent_id
a.send_decision(rid, "go with x", metadata={"option": 0})
out["decision_seen_by_b"] = b.wait_for_event("decision_made", timeout=10)["payload"]["content"]
try:
    b.send_decision(rid, "coup")
except ClawChatError as e:
    out["not_leader"] = e.code

# end-to-end encryption (needs the `cryptography` package, like upstream)
try:
    import cryptography  # noqa: F401
    c = Agent(key, "py-c", host=host, port=port, room_key=room_key)
    c.join_room(enc_room)
    out["e2e_history"] = [m["content"] for m in c.get_history(enc_room)]
    c.send_message(enc_room, "from python, encrypted")
    try:
        b.join_room(enc_room)
        b.send_message(enc_room, "plaintext")
    except ClawChatError as e:
        out["plaintext_refused"] = e.code
    c.close()
except ImportError:
    out["e2e_history"] = None

a.leave_room(rid)
a.close()
b.close()
print(json.dumps(out))
