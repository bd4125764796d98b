// What a person sees, measured in the page (e2e/tests/screens.test.mjs): words broken across lines in
// table cells, chips, buttons, tabs and card titles; horizontal page overflow; buttons and links that
// stand outside the window or are cut off by a parent that hides its overflow; tables wider than
// their frame; parts of a card (a diagram) that scroll sideways; text boxes that overlap inside a
// card. `layoutProblems(page)` returns one sentence per problem.

/** Runs in the browser: every problem of the page's layout as a sentence. */
function measure() {
  const problems = [];
  const width = window.innerWidth;
  const short = text => {
    const t = text.replace(/\s+/g, ' ').trim();
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  };
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.opacity !== '0';
  };
  // off-screen helpers for assistive technology (skip links, visually hidden labels) are not seen
  const hiddenOnPurpose = el => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.clip && style.clip !== 'auto') return true;
      if (style.clipPath && style.clipPath !== 'none') return true;
      if (e.getAttribute('aria-hidden') === 'true') return true;
    }
    return false;
  };
  const textNodesOf = root => {
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.trim() && n.parentElement && visible(n.parentElement)) {
        nodes.push(n);
      }
    }
    return nodes;
  };
  const where = el => {
    const cell = el.closest('td, th');
    const table = el.closest('table');
    const card = el.closest('.MuiCard-root, .MuiPaper-root, .bui-Card');
    const title =
      (table && table.getAttribute('aria-label')) ||
      (card &&
        card.querySelector(
          '.MuiCardHeader-title, .bui-CardHeader, h2, h3, h4, h5, h6',
        )?.textContent) ||
      '';
    return `${cell ? 'a table cell' : el.tagName.toLowerCase()}${
      title ? ` in "${short(title)}"` : ''
    }`;
  };

  // 1. the page scrolls sideways
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width + 1) {
    problems.push(`the page is ${scrollWidth}px wide in a ${width}px window`);
  }

  // 2. a word split across two lines (a break after - or /, or after . or : in a location, is an
  // ordinary line break)
  const wordy = [
    'td',
    'th',
    '.MuiChip-root',
    'button',
    'a.MuiButton-root',
    '[role="tab"]',
    '.bui-HeaderNavItem',
    '.MuiCardHeader-title',
    '.MuiCard-root h1, .MuiCard-root h2, .MuiCard-root h3, .MuiCard-root h4, .MuiCard-root h5, .MuiCard-root h6',
  ].join(', ');
  const seen = new Set();
  for (const el of document.querySelectorAll(wordy)) {
    if (!visible(el) || hiddenOnPurpose(el)) continue;
    for (const node of textNodesOf(el)) {
      if (seen.has(node)) continue;
      seen.add(node);
      const text = node.textContent;
      const re = /\S+/g;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const range = document.createRange();
        const lineOf = i => {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          return rect ? Math.round(rect.top) : undefined;
        };
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(
          [...range.getClientRects()]
            .filter(r => r.width > 0)
            .map(r => Math.round(r.top)),
        );
        if (tops.size < 2) continue;
        // where the line changes: after a hyphen or a slash is an ordinary break
        let ordinary = true;
        for (let i = m.index + 1; i < m.index + m[0].length; i++) {
          if (lineOf(i) !== lineOf(i - 1) && !/[-/.:]/.test(text[i - 1])) {
            ordinary = false;
          }
        }
        if (!ordinary) {
          problems.push(`"${m[0]}" is broken across lines in ${where(el)}`);
        }
      }
    }
  }

  // 3. a button or link outside the window, or cut off by a parent that hides its overflow; one
  // inside a sideways scroller (a wide diagram) is reached by scrolling it (and a table that
  // scrolls is found by 4.)
  const clickable = 'button, a[href], [role="button"], [role="tab"]';
  for (const el of document.querySelectorAll(clickable)) {
    if (!visible(el) || hiddenOnPurpose(el)) continue;
    // the sidebar folds its labels away on purpose
    if (el.closest('nav, [class*="BackstageSidebar"]')) continue;
    const r = el.getBoundingClientRect();
    const name = short(el.getAttribute('aria-label') || el.textContent || '');
    let scroller = false;
    for (
      let p = el.parentElement;
      p && p !== document.body;
      p = p.parentElement
    ) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') {
        scroller = true;
        continue;
      }
      if (overflow !== 'hidden' && overflow !== 'clip') continue;
      const box = p.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1) {
        problems.push(
          `"${name}" (${el.tagName.toLowerCase()}) is cut off by its parent ${p.tagName.toLowerCase()} (overflow ${overflow}) in ${where(
            el,
          )}`,
        );
        break;
      }
    }
    if (!scroller && (r.left < -1 || r.right > width + 1)) {
      problems.push(
        `"${name}" (${el.tagName.toLowerCase()}) stands outside the window (${Math.round(
          r.left,
        )}..${Math.round(r.right)} of ${width}px)`,
      );
    }
  }

  // 4. a table wider than its frame: a part of it is hidden until one scrolls sideways
  for (const table of document.querySelectorAll('table')) {
    if (!visible(table) || hiddenOnPurpose(table)) continue;
    for (
      let p = table.parentElement;
      p && p !== document.body;
      p = p.parentElement
    ) {
      if (getComputedStyle(p).overflowX === 'visible') continue;
      if (p.scrollWidth > p.clientWidth + 1) {
        problems.push(
          `the table in ${where(table)} is ${p.scrollWidth}px wide in a ${
            p.clientWidth
          }px frame`,
        );
      }
      break;
    }
  }

  // 5. a part of a card (a diagram, a list) that scrolls sideways: hidden until one scrolls it (a
  // table that scrolls is found by 4.)
  // (Backstage's own cards, such as EntityInfoCard, are Backstage UI cards: .bui-Card)
  for (const scroller of document.querySelectorAll(
    '.MuiCard-root *, .bui-Card *',
  )) {
    const overflow = getComputedStyle(scroller).overflowX;
    if (overflow !== 'auto' && overflow !== 'scroll') continue;
    if (!visible(scroller) || hiddenOnPurpose(scroller)) continue;
    if (scroller.querySelector('table')) continue;
    if (scroller.scrollWidth > scroller.clientWidth + 1) {
      const name =
        scroller.closest('[aria-label]')?.getAttribute('aria-label') ||
        scroller.querySelector('[aria-label]')?.getAttribute('aria-label');
      problems.push(
        `${name ? `"${short(name)}"` : 'a part'} in ${where(
          scroller,
        )} scrolls sideways: ${scroller.scrollWidth}px wide in a ${
          scroller.clientWidth
        }px frame`,
      );
    }
  }

  // 6. two text boxes overlapping inside a card
  for (const card of document.querySelectorAll('.MuiCard-root')) {
    if (!visible(card)) continue;
    const boxes = [];
    for (const node of textNodesOf(card)) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 1 && r.height > 1) boxes.push({ node, r });
      }
    }
    const reported = new Set();
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a.node === b.node) continue;
        const dx =
          Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const dy =
          Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        // line boxes of neighbouring lines touch by a pixel or two: only a real overlap counts
        if (dx > 2 && dy > Math.min(a.r.height, b.r.height) / 3) {
          const key = `${short(a.node.textContent)}|${short(
            b.node.textContent,
          )}`;
          if (reported.has(key)) continue;
          reported.add(key);
          problems.push(
            `"${short(a.node.textContent)}" overlaps "${short(
              b.node.textContent,
            )}" in ${where(a.node.parentElement)}`,
          );
        }
      }
    }
  }
  return [...new Set(problems)];
}

/** Every layout problem the page shows now, as sentences. */
export async function layoutProblems(page) {
  return page.evaluate(measure);
}
