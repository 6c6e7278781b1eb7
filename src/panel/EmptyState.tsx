export function EmptyState({ connected, filtered }: { connected: boolean; filtered: boolean }) {
  if (!connected) return <div class="empty" data-testid="empty">Connecting to the CORS Lens background…</div>;
  if (filtered) return <div class="empty" data-testid="empty">No requests match the filter.</div>;
  return (
    <div class="empty" data-testid="empty">
      <p class="empty-title">No cross-origin requests yet</p>
      <p>
        Reload the page, or try the lab: <code>npm run lab</code>
      </p>
      <p class="empty-note">Requests are recorded even while DevTools is closed; same-origin requests are not listed.</p>
    </div>
  );
}
