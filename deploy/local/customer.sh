#!/usr/bin/env bash
# A customer writes on WhatsApp, in the local stack: asks the sandbox to post the webhook Meta (or Twilio) would send
# to ingress, signed, and prints what was sent and ingress's answer. See sandbox/README.md.
#
#   deploy/local/customer.sh [--channel demo] [--from 4915112345678] [--name Ana] TYPE [ARGS...]
#
#   text "Hello"                       a text message
#   image|video|document [caption]     a media message (document: caption is the caption, --filename f.pdf)
#   audio | sticker                    a voice note / a sticker
#   location LAT LONG [name] [address] a shared location, e.g. location 52.52 13.40
#   button "Yes" [payload]             taps a template's quick-reply button (replies to the newest message sent)
#   reply "Yes" [id]                   taps an interactive reply button
#   list "Express" [id] [description]  picks a row of an interactive list
#   reaction "👍" [messageId]          reacts (default: to the newest message sent to the customer; "" removes)
#   contacts "Ana Lima" "+4915100000"  shares a contact
#
# Options: --channel ID (default demo; demo-twilio is the Twilio one), --from NUMBER (default 4915112345678),
# --name NAME, --reply-to MESSAGE_ID (quote a message), --filename NAME,
# --sandbox URL (default $SWITCHBOARD_SANDBOX_URL or http://localhost:8090).
set -euo pipefail

sandbox="${SWITCHBOARD_SANDBOX_URL:-http://localhost:8090}"
channel=demo
from=4915112345678
name=""
reply_to=""
filename=""

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# A JSON string literal: quotes, backslashes and control characters escaped.
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

fields=()
add() { # add KEY VALUE: a string field
  fields+=("$(json_string "$1"):$(json_string "$2")")
}
add_number() { # add_number KEY VALUE
  [[ $2 =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "customer.sh: $1 must be a number, not '$2'" >&2; exit 2; }
  fields+=("$(json_string "$1"):$2")
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --channel) channel=${2:?--channel needs a value}; shift 2 ;;
    --from) from=${2:?--from needs a value}; shift 2 ;;
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --reply-to) reply_to=${2:?--reply-to needs a value}; shift 2 ;;
    --filename) filename=${2:?--filename needs a value}; shift 2 ;;
    --sandbox) sandbox=${2:?--sandbox needs a value}; shift 2 ;;
    -h|--help) usage ;;
    --*) echo "customer.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || usage
type=$1; shift

add channelId "$channel"
add from "$from"
[[ -n $name ]] && add name "$name"
[[ -n $reply_to ]] && add replyTo "$reply_to"
case $type in
  text)
    [[ $# -ge 1 ]] || { echo "customer.sh: text needs the message, e.g. text \"Hello\"" >&2; exit 2; }
    add type text; add text "$1" ;;
  image|video|document|audio|sticker)
    add type "$type"
    [[ $# -ge 1 ]] && add caption "$1"
    [[ -n $filename ]] && add filename "$filename" ;;
  location)
    [[ $# -ge 2 ]] || { echo "customer.sh: location needs LAT LONG, e.g. location 52.52 13.40" >&2; exit 2; }
    add type location; add_number latitude "$1"; add_number longitude "$2"
    [[ $# -ge 3 ]] && add locationName "$3"
    [[ $# -ge 4 ]] && add address "$4" ;;
  button)
    [[ $# -ge 1 ]] || { echo "customer.sh: button needs the button's text, e.g. button \"Yes\"" >&2; exit 2; }
    add type button; add text "$1"
    [[ $# -ge 2 ]] && add payload "$2" ;;
  reply)
    [[ $# -ge 1 ]] || { echo "customer.sh: reply needs the button's title" >&2; exit 2; }
    add type interactive_reply; add text "$1"
    [[ $# -ge 2 ]] && add replyId "$2" ;;
  list)
    [[ $# -ge 1 ]] || { echo "customer.sh: list needs the row's title" >&2; exit 2; }
    add type list_reply; add text "$1"
    [[ $# -ge 2 ]] && add replyId "$2"
    [[ $# -ge 3 ]] && add description "$3" ;;
  reaction)
    [[ $# -ge 1 ]] || { echo "customer.sh: reaction needs the emoji (\"\" removes it)" >&2; exit 2; }
    add type reaction; add emoji "$1"
    [[ $# -ge 2 ]] && add messageId "$2" ;;
  contacts)
    [[ $# -ge 2 ]] || { echo "customer.sh: contacts needs NAME PHONE" >&2; exit 2; }
    add type contacts; add contactName "$1"; add contactPhone "$2" ;;
  *) echo "customer.sh: unknown type '$type'" >&2; usage ;;
esac

request="{$(IFS=,; echo "${fields[*]}")}"
echo "POST $sandbox/sandbox/customers/messages"
echo "$request"
echo
response_file=$(mktemp)
trap 'rm -f "$response_file"' EXIT
status=$(curl -sS -o "$response_file" -w '%{http_code}' -X POST "$sandbox/sandbox/customers/messages" \
  -H 'Content-Type: application/json' --data-binary "$request") || {
  echo "customer.sh: the sandbox does not answer at $sandbox (is the local stack running? deploy/local/run.sh)" >&2
  exit 1
}
echo "sandbox answered HTTP $status:"
if command -v jq >/dev/null 2>&1; then jq . "$response_file"; else cat "$response_file"; echo; fi
[[ $status == 200 ]]
