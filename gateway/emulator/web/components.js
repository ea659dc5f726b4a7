// Discord components (Components V2 and classic action rows) as DOM: containers, sections, text displays,
// separators, thumbnails, media, buttons and the five kinds of select. Interactive parts call ctx.act(...).
"use strict";

const Components = (() => {
  const el = (tag, cls, html) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (html !== undefined) node.innerHTML = html;
    return node;
  };
  const emojiText = (emoji) => (emoji ? (emoji.id ? `:${emoji.name}:` : emoji.name) + " " : "");

  function render(components, msg, ctx) {
    const root = el("div", "cv2");
    for (const c of components || []) root.append(one(c, msg, ctx));
    return root;
  }

  function one(c, msg, ctx) {
    switch (c.type) {
      case 1: { const row = el("div", "row"); for (const k of c.components || []) row.append(one(k, msg, ctx)); return row; }
      case 2: return button(c, msg, ctx);
      case 3: case 5: case 6: case 7: case 8: return select(c, msg, ctx);
      case 9: {
        const section = el("div", "section");
        const texts = el("div", "texts");
        for (const k of c.components || []) texts.append(one(k, msg, ctx));
        section.append(texts);
        if (c.accessory) section.append(one(c.accessory, msg, ctx));
        return section;
      }
      case 10: { const t = el("div", "md text-display", Markdown.render(c.content || "", ctx)); return t; }
      case 11: return el("div", "thumb", Markdown.esc(c.description || "🖼"));
      case 12: {
        const row = el("div", "row");
        for (const item of c.items || []) row.append(el("div", "media", Markdown.esc(item.description || "🖼")));
        return row;
      }
      case 13: return el("div", "media", "📎 " + Markdown.esc((c.file && c.file.url) || "file"));
      case 14: {
        const cls = ["separator", c.divider === false ? "" : "divider", c.spacing === 2 ? "large" : ""];
        return el("hr", cls.join(" ").trim());
      }
      case 17: {
        const box = el("div", "container");
        if (c.accent_color !== undefined && c.accent_color !== null) {
          box.style.borderLeftColor = "#" + Number(c.accent_color).toString(16).padStart(6, "0");
        }
        if (c.spoiler) box.classList.add("spoiler");
        for (const k of c.components || []) box.append(one(k, msg, ctx));
        return box;
      }
      default: return el("div", "media", `component ${Number(c.type)}`);
    }
  }

  function button(c, msg, ctx) {
    const label = emojiText(c.emoji) + (c.label || "");
    if (c.style === 5) {
      const a = el("a", "btn s5", Markdown.esc(label) + " ↗");
      a.href = c.url; a.target = "_blank"; a.rel = "noopener";
      return a;
    }
    const b = el("button", `btn s${c.style || 2}`, Markdown.esc(label));
    b.type = "button";
    b.dataset.customId = c.custom_id;
    b.disabled = Boolean(c.disabled);
    b.addEventListener("click", () => ctx.act({kind: "click", message_id: msg.id, custom_id: c.custom_id}, b));
    return b;
  }

  function choices(c, ctx) {
    switch (c.type) {
      case 3: return (c.options || []).map((o) => ({value: o.value, label: emojiText(o.emoji) + o.label, selected: o.default}));
      case 5: return ctx.view.members.map((m) => ({value: m.id, label: "@" + m.name}));
      case 6: return ctx.view.roles.map((r) => ({value: r.id, label: "@" + r.name}));
      case 7: return [...ctx.view.members.map((m) => ({value: m.id, label: "@" + m.name})),
                      ...ctx.view.roles.map((r) => ({value: r.id, label: "@" + r.name}))];
      case 8: return ctx.view.all_channels
        .filter((ch) => !c.channel_types || c.channel_types.includes(ch.type))
        .map((ch) => ({value: ch.id, label: (ch.type === 4 ? "▾ " : "#") + ch.name}));
      default: return [];
    }
  }

  function select(c, msg, ctx) {
    const wrap = el("div", "select");
    const s = el("select");
    s.dataset.customId = c.custom_id;
    s.disabled = Boolean(c.disabled);
    const many = (c.max_values || 1) > 1;
    s.multiple = many;
    const defaults = new Set((c.default_values || []).map((d) => d.id));
    if (!many) {
      const ph = el("option", "", Markdown.esc(c.placeholder || ctx.ui("choose")));
      ph.value = ""; ph.disabled = true; ph.selected = true;
      s.append(ph);
    }
    for (const o of choices(c, ctx)) {
      const opt = el("option", "", Markdown.esc(o.label));
      opt.value = o.value;
      if (o.selected || defaults.has(o.value)) { opt.selected = true; }
      s.append(opt);
    }
    const send = () => {
      const values = [...s.selectedOptions].map((o) => o.value).filter((v) => v);
      ctx.act({kind: "select", message_id: msg.id, custom_id: c.custom_id, values}, s);
    };
    wrap.append(s);
    if (many) {
      const ok = el("button", "btn s1", Markdown.esc(ctx.ui("apply")));
      ok.type = "button";
      ok.addEventListener("click", send);
      wrap.append(ok);
    } else {
      s.addEventListener("change", send);
    }
    return wrap;
  }

  return {render};
})();
