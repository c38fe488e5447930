// Area records: search-as-you-type over the check-in list of an activity's page. Without this
// script the search is a plain GET form; with it, each keystroke (after a short pause) fetches the
// same page with ?q= and swaps in its list, keeping the boxes already ticked. Listeners sit on the
// document, so pages reached by Blazor's enhanced navigation work too.
(() => {
  let timer = 0;
  let latest = 0;

  async function refresh(input) {
    const root = input.closest('[data-checkin]');
    const list = root && root.querySelector('[data-checkin-list]');
    if (!list) return;
    const ticket = ++latest;
    const url = new URL(window.location.href);
    url.searchParams.set('q', input.value);
    const response = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    if (!response.ok || ticket !== latest) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.querySelector('[data-checkin-list]');
    if (!fresh || ticket !== latest) return;
    const ticked = [...list.querySelectorAll('input[type=checkbox]:checked')].map(box => box.closest('li'));
    const keep = new Set(ticked.map(item => item.querySelector('input').value));
    fresh.querySelectorAll('input[type=checkbox]').forEach(box => { if (keep.has(box.value)) box.closest('li').remove(); });
    const freshList = fresh.querySelector('ul');
    if (ticked.length > 0) {
      // Ticked members stay on top, whatever the search now shows.
      const target = freshList || Object.assign(document.createElement('ul'), { className: 'rec-checklist' });
      target.prepend(...ticked);
      if (!freshList) fresh.prepend(target);
    }
    list.replaceChildren(...fresh.childNodes);
    window.history.replaceState(null, '', url);
  }

  document.addEventListener('input', event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches('[data-checkin-search]')) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => refresh(input), 200);
  });

  // Enter in the search box runs the search in place rather than reloading the page.
  document.addEventListener('submit', event => {
    const form = event.target;
    const input = form instanceof HTMLFormElement && form.querySelector('[data-checkin-search]');
    if (!input) return;
    event.preventDefault();
    window.clearTimeout(timer);
    refresh(input);
  });
})();
