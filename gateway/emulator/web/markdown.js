// Discord markdown to HTML: headings (#, ##, ###), -# subtext, lists, quotes, code, bold, italics, underline,
// strikethrough, spoilers, links, mentions shown as names and <t:...> timestamps. Input is escaped first.
"use strict";

const Markdown = (() => {
  const esc = (s) => s.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);

  function timestamp(seconds, style, locale) {
    const date = new Date(seconds * 1000);
    const fmt = (opts) => new Intl.DateTimeFormat(locale, opts).format(date);
    switch (style) {
      case "t": return fmt({hour: "2-digit", minute: "2-digit"});
      case "T": return fmt({hour: "2-digit", minute: "2-digit", second: "2-digit"});
      case "d": return fmt({day: "2-digit", month: "2-digit", year: "numeric"});
      case "D": return fmt({day: "numeric", month: "long", year: "numeric"});
      case "F": return fmt({weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit"});
      case "R": {
        const diff = (date.getTime() - Date.now()) / 1000;
        const rtf = new Intl.RelativeTimeFormat(locale, {numeric: "auto"});
        const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
        for (const [unit, size] of units) {
          if (Math.abs(diff) >= size) return rtf.format(Math.round(diff / size), unit);
        }
        return rtf.format(Math.round(diff), "second");
      }
      default: return fmt({day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit"});
    }
  }

  // Tokens that must not be touched by the emphasis rules: code, mentions, timestamps, emoji, links.
  const TOKEN = /(`+)([^`]+?)\1|<(@!?|@&|#)(\d+)>|<t:(-?\d+)(?::([tTdDfFR]))?>|<a?:(\w+):\d+>|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|(https?:\/\/[^\s<]+)/g;

  function inline(text, ctx) {
    const saved = [];
    const keep = (html) => { saved.push(html); return `\u0000${saved.length - 1}\u0000`; };
    let out = "";
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      out += esc(text.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[2] !== undefined) out += keep(`<code>${esc(m[2])}</code>`);
      else if (m[3] !== undefined) out += keep(mention(m[3], m[4], ctx));
      else if (m[5] !== undefined) {
        const title = new Date(Number(m[5]) * 1000).toLocaleString(ctx.locale);
        out += keep(`<span class="timestamp" title="${esc(title)}">${esc(timestamp(Number(m[5]), m[6], ctx.locale))}</span>`);
      } else if (m[7] !== undefined) out += keep(`:${esc(m[7])}:`);
      else if (m[8] !== undefined) out += keep(`<a href="${esc(m[9])}" target="_blank" rel="noopener">${emphasis(esc(m[8]))}</a>`);
      else out += keep(`<a href="${esc(m[10])}" target="_blank" rel="noopener">${esc(m[10])}</a>`);
    }
    out += esc(text.slice(last));
    out = emphasis(out);
    return out.replace(/\u0000(\d+)\u0000/g, (_, i) => saved[Number(i)]);
  }

  function emphasis(s) {
    return s
      .replace(/\*\*\*(.+?)\*\*\*/g, "<strong><em>$1</em></strong>")
      .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
      .replace(/__(.+?)__/g, "<u>$1</u>")
      .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, "$1<em>$2</em>")
      .replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/g, "$1<em>$2</em>")
      .replace(/~~(.+?)~~/g, "<s>$1</s>")
      .replace(/\|\|(.+?)\|\|/g, '<span class="spoiler" onclick="this.classList.toggle(\'shown\')">$1</span>');
  }

  function mention(kind, id, ctx) {
    if (kind === "#") {
      const ch = ctx.channels.get(id);
      return `<span class="mention" data-channel="${id}">#${esc(ch ? ch.name : "unknown")}</span>`;
    }
    if (kind === "@&") {
      const role = ctx.roles.get(id);
      return `<span class="mention">@${esc(role ? role.name : "unknown-role")}</span>`;
    }
    const member = ctx.members.get(id);
    return `<span class="mention" data-user="${id}">@${esc(member ? member.name : "unknown-user")}</span>`;
  }

  function render(text, ctx) {
    if (!text) return "";
    const parts = text.split(/```(?:[\w+-]*\n)?([\s\S]*?)```/);
    let html = "";
    parts.forEach((part, i) => {
      if (i % 2 === 1) html += `<pre><code>${esc(part)}</code></pre>`;
      else html += blocks(part, ctx);
    });
    return html;
  }

  function blocks(text, ctx) {
    const lines = text.split("\n");
    let html = "";
    let list = null;  // {tag, items}
    const flush = () => {
      if (list) html += `<${list.tag}>${list.items.map((i) => `<li>${i}</li>`).join("")}</${list.tag}>`;
      list = null;
    };
    lines.forEach((line, n) => {
      let m;
      if ((m = line.match(/^(#{1,3}) (.+)$/))) {
        flush();
        html += `<h${m[1].length}>${inline(m[2], ctx)}</h${m[1].length}>`;
      } else if ((m = line.match(/^-# (.+)$/))) {
        flush();
        html += `<small class="subtext">${inline(m[1], ctx)}</small>`;
      } else if ((m = line.match(/^\s*[-*] (.+)$/))) {
        if (!list || list.tag !== "ul") { flush(); list = {tag: "ul", items: []}; }
        list.items.push(inline(m[1], ctx));
      } else if ((m = line.match(/^\s*\d+[.)] (.+)$/))) {
        if (!list || list.tag !== "ol") { flush(); list = {tag: "ol", items: []}; }
        list.items.push(inline(m[1], ctx));
      } else if ((m = line.match(/^>>?>? ?(.*)$/))) {
        flush();
        html += `<blockquote>${inline(m[1], ctx)}</blockquote>`;
      } else {
        flush();
        html += inline(line, ctx) + (n < lines.length - 1 ? "\n" : "");
      }
    });
    flush();
    return html;
  }

  return {render, timestamp, esc};
})();
