// Live updates: GET /api/events (Server-Sent Events). Each event names a ticket; the console reloads what it shows
// (no replay: after a reconnect it reloads everything).
export function connectLive(indicator, { onTicket, onReconnect }) {
  let lostConnection = false;
  const source = new EventSource('/api/events', { withCredentials: true });
  const state = (value) => { indicator.dataset.state = value; };
  source.addEventListener('open', () => {
    state('connected');
    if (lostConnection) {
      lostConnection = false;
      onReconnect();
    }
  });
  source.addEventListener('error', () => {
    state('disconnected');
    lostConnection = true;
  });
  const handle = (event) => {
    try {
      onTicket(JSON.parse(event.data));
    } catch {
      onReconnect();
    }
  };
  source.addEventListener('ticket', handle);
  source.addEventListener('window', handle);
  return source;
}
