// The page: who you act as, the channels they can see, a channel's messages (live over server-sent events),
// the slash-command box with option pickers, and modals as dialogs. Every action is POST /_web/act.
"use strict";

const UI = {
  ru: {actingAs: "Вы действуете как", language: "Язык клиента", send: "Отправить", cancel: "Отмена",
       submit: "Отправить", choose: "Выберите…", apply: "Готово", onlyYou: "Это видите только вы",
       failed: "Ошибка взаимодействия", used: "использует", thinking: "думает…", edited: "(изменено)",
       pinned: "📌 закреплено", owner: "владелец", noChannel: "Выберите канал", noCommand: "Нет такой команды",
       yes: "Да", no: "Нет", bot: "БОТ"},
  en: {actingAs: "Acting as", language: "Client language", send: "Send", cancel: "Cancel", submit: "Submit",
       choose: "Make a selection", apply: "Apply", onlyYou: "Only you can see this",
       failed: "This interaction failed", used: "used", thinking: "is thinking…", edited: "(edited)",
       pinned: "📌 pinned", owner: "owner", noChannel: "Pick a channel", noCommand: "No such command",
       yes: "True", no: "False", bot: "BOT"},
};

const state = {
  as: null, channel: null, locale: null, view: null, timelineKey: "", commandsKey: "", command: null,
  modalFor: null,
};
const $ = (id) => document.getElementById(id);
const lang = () => (state.locale || "ru").split("-")[0] === "ru" ? "ru" : "en";
const ui = (key) => UI[lang()][key] || key;

function localized(obj, field) {
  const loc = obj[field + "_localizations"] || {};
  const want = state.locale || "ru";
  const key = Object.keys(loc).find((k) => k === want) || Object.keys(loc).find((k) => k.split("-")[0] === want.split("-")[0]);
  return key ? loc[key] : obj[field];
}

function context() {
  const v = state.view;
  return {
    view: v, locale: state.locale, ui, act,
    members: new Map(v.members.map((m) => [m.id, m])),
    roles: new Map(v.roles.map((r) => [r.id, r])),
    channels: new Map(v.all_channels.map((c) => [c.id, c])),
  };
}

// -- reading -------------------------------------------------------------------------------------------------

async function refresh() {
  const params = new URLSearchParams();
  if (state.as) params.set("as", state.as);
  if (state.channel) params.set("channel", state.channel);
  const res = await fetch("/_web/view?" + params);
  if (!res.ok) { toast(await res.text()); return; }
  const view = await res.json();
  state.view = view;
  state.as = view.viewer;
  if (!state.locale) {
    state.locale = localStorage.getItem("together.locale") || (view.guild.locale.startsWith("ru") ? "ru" : "en-US");
    $("locale-select").value = state.locale;
  }
  if (!state.channel || !view.channels.some((c) => c.id === state.channel && c.type !== 4)) {
    const first = view.channels.find((c) => c.type !== 4);
    if (first && first.id !== state.channel) { state.channel = first.id; return refresh(); }
  }
  render();
}

function render() {
  const v = state.view;
  document.documentElement.lang = lang();
  document.querySelectorAll("[data-ui]").forEach((n) => { n.textContent = ui(n.dataset.ui); });
  $("guild-name").textContent = v.guild.name;
  renderMembers();
  renderChannels();
  const channel = v.channels.find((c) => c.id === state.channel);
  $("channel-name").textContent = channel ? channel.name : ui("noChannel");
  const key = JSON.stringify([state.as, state.channel, state.locale, v.timeline]);
  if (key !== state.timelineKey) { state.timelineKey = key; renderTimeline(v.timeline || []); }
  const commandsKey = JSON.stringify([state.locale, v.commands]);
  if (commandsKey !== state.commandsKey) { state.commandsKey = commandsKey; if (state.command) showOptions(); }
}

function renderMembers() {
  const sel = $("as-select");
  const people = state.view.members.filter((m) => !m.bot);
  const key = JSON.stringify([people, state.as, lang()]);
  if (sel.dataset.key === key) return;
  sel.dataset.key = key;
  sel.innerHTML = "";
  for (const m of people) {
    const opt = document.createElement("option");
    opt.value = m.id;
    opt.dataset.username = m.username;
    const roles = [m.owner ? ui("owner") : null, ...m.roles].filter(Boolean);
    opt.textContent = m.name + (roles.length ? ` (${roles.join(", ")})` : "");
    opt.selected = m.id === state.as;
    sel.append(opt);
  }
}

function renderChannels() {
  const box = $("channels");
  const key = JSON.stringify([state.view.channels, state.channel]);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.innerHTML = "";
  const chans = state.view.channels;
  const draw = (c) => {
    const a = document.createElement("a");
    a.className = "channel" + (c.id === state.channel ? " active" : "");
    a.dataset.id = c.id;
    a.dataset.name = c.name;
    a.textContent = "# " + c.name;
    a.addEventListener("click", () => { state.channel = c.id; state.timelineKey = ""; refresh(); });
    box.append(a);
  };
  chans.filter((c) => c.type !== 4 && !c.parent_id).forEach(draw);
  for (const cat of chans.filter((c) => c.type === 4)) {
    const h = document.createElement("div");
    h.className = "category";
    h.textContent = cat.name;
    box.append(h);
    chans.filter((c) => c.parent_id === cat.id && c.type !== 4).forEach(draw);
  }
}

function renderTimeline(entries) {
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const ctx = context();
  box.innerHTML = "";
  for (const entry of entries) {
    if (entry.kind === "failed") {
      const f = document.createElement("div");
      f.className = "failed";
      f.dataset.testid = "failed";
      f.textContent = "⚠ " + ui("failed") + (entry.what ? ` — /${entry.what}` : "");
      box.append(f);
      continue;
    }
    if (entry.used && entry.used.command) box.append(usedLine(entry.used, ctx));  // as Discord: commands only
    box.append(message(entry.message, ctx));
  }
  if (atBottom || entries.length) box.scrollTop = box.scrollHeight;
}

function usedLine(used, ctx) {
  const d = document.createElement("div");
  d.className = "used";
  const who = ctx.members.get(used.user_id);
  d.innerHTML = `↳ <span class="mention">@${Markdown.esc(who ? who.name : "?")}</span> ${ui("used")}` +
    (used.command ? ` <span class="cmd">/${Markdown.esc(used.command)}</span>` : "");
  return d;
}

function message(msg, ctx) {
  const row = document.createElement("article");
  const ephemeral = (msg.flags & 64) !== 0;
  row.className = "message" + (ephemeral ? " ephemeral" : "");
  row.dataset.id = msg.id;
  const author = msg.author || {};
  const member = ctx.members.get(author.id);
  const name = member ? member.name : author.global_name || author.username || "?";
  const avatar = document.createElement("div");
  avatar.className = "avatar";
  avatar.textContent = name.slice(0, 1).toUpperCase();
  const body = document.createElement("div");
  body.className = "body";
  const time = new Date(msg.timestamp).toLocaleTimeString(state.locale, {hour: "2-digit", minute: "2-digit"});
  body.innerHTML = `<div class="meta"><span class="author">${Markdown.esc(name)}</span>` +
    (author.bot ? `<span class="tag">${ui("bot")}</span>` : "") + `<span class="time">${time}</span>` +
    (msg.edited_timestamp && !msg.interaction_metadata ? `<span class="edited">${ui("edited")}</span>` : "") +
    (msg.pinned ? `<span class="pinned" data-testid="pinned">${ui("pinned")}</span>` : "") + "</div>";
  const empty = !msg.content && !(msg.components || []).length && !(msg.embeds || []).length;
  if (msg.flags & 128 || (empty && msg.interaction_metadata)) {  // a deferred reply not yet edited
    const t = document.createElement("div");
    t.className = "thinking";
    t.textContent = name + " " + ui("thinking");
    body.append(t);
  }
  if (msg.content) {
    const c = document.createElement("div");
    c.className = "md";
    c.innerHTML = Markdown.render(msg.content, ctx);
    body.append(c);
  }
  for (const e of msg.embeds || []) body.append(embed(e, ctx));
  if ((msg.components || []).length) body.append(Components.render(msg.components, msg, ctx));
  if (ephemeral) {
    const note = document.createElement("div");
    note.className = "only-you";
    note.textContent = "👁 " + ui("onlyYou");
    body.append(note);
  }
  row.append(avatar, body);
  return row;
}

function embed(e, ctx) {
  const d = document.createElement("div");
  d.className = "embed";
  if (e.color) d.style.borderLeftColor = "#" + Number(e.color).toString(16).padStart(6, "0");
  let html = e.title ? `<div class="title">${Markdown.render(e.title, ctx)}</div>` : "";
  if (e.description) html += `<div class="md">${Markdown.render(e.description, ctx)}</div>`;
  for (const f of e.fields || []) html += `<div><b>${Markdown.esc(f.name)}</b><div class="md">${Markdown.render(f.value, ctx)}</div></div>`;
  d.innerHTML = html;
  return d;
}

// -- acting --------------------------------------------------------------------------------------------------

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

async function act(action, node) {
  if (node) node.classList.add("busy");
  try {
    const res = await fetch("/_web/act", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({...action, as: state.as, channel_id: state.channel, locale: state.locale}),
    });
    const out = await res.json();
    if (!res.ok) { toast(out.error || res.statusText); return null; }
    if (out.modal) openModal(out);
    return out;
  } finally {
    if (node) node.classList.remove("busy");
  }
}

function openModal(out) {
  const m = out.modal;
  state.modalFor = out.interaction_id;
  $("modal-title").textContent = m.title;
  const fields = $("modal-fields");
  fields.innerHTML = "";
  for (const row of m.components || []) {
    for (const c of row.components || []) {
      if (c.type !== 4) continue;
      const label = document.createElement("label");
      label.className = "field";
      label.textContent = c.label || c.custom_id;
      const input = document.createElement(c.style === 2 ? "textarea" : "input");
      input.dataset.customId = c.custom_id;
      if (c.placeholder) input.placeholder = c.placeholder;
      if (c.value) input.value = c.value;
      if (c.required !== false) input.required = true;
      if (c.min_length) input.minLength = c.min_length;
      if (c.max_length) input.maxLength = c.max_length;
      label.append(input);
      fields.append(label);
    }
  }
  $("modal").showModal();
}

$("modal-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const values = {};
  $("modal-fields").querySelectorAll("[data-custom-id]").forEach((n) => { values[n.dataset.customId] = n.value; });
  $("modal").close();
  await act({kind: "modal", interaction_id: state.modalFor, values});
});
$("modal-cancel").addEventListener("click", () => $("modal").close());

// -- the command box -----------------------------------------------------------------------------------------

// Every runnable path: "/pair create" is the command "pair" with its subcommand "create".
function commandPaths() {
  const out = [];
  const walk = (node, names, labels, descs) => {
    const subs = (node.options || []).filter((o) => o.type === 1 || o.type === 2);
    if (!subs.length) { out.push({path: names.join(" "), label: labels.join(" "), description: descs, options: node.options || []}); return; }
    for (const s of subs) walk(s, [...names, s.name], [...labels, localized(s, "name")], localized(s, "description"));
  };
  for (const cmd of state.view ? state.view.commands : []) walk(cmd, [cmd.name], [localized(cmd, "name")], localized(cmd, "description"));
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

function suggest() {
  const list = $("suggestions");
  const typed = $("command-input").value;
  if (state.command || !typed.startsWith("/")) { list.hidden = true; return; }
  const q = typed.slice(1).trim().toLowerCase();
  const found = commandPaths().filter((c) => c.label.toLowerCase().startsWith(q) || c.path.startsWith(q)).slice(0, 25);
  list.innerHTML = "";
  for (const c of found) {
    const li = document.createElement("li");
    li.dataset.command = c.path;
    li.innerHTML = `<span class="name">/${Markdown.esc(c.label)}</span><span class="desc">${Markdown.esc(c.description || "")}</span>`;
    li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(c.path); });
    list.append(li);
  }
  list.hidden = !found.length;
}

function choose(path) {
  state.command = path;
  $("command-input").value = "";
  $("suggestions").hidden = true;
  showOptions();
}

function clearCommand() {
  state.command = null;
  $("command-chip").hidden = true;
  $("command-options").innerHTML = "";
  $("command-input").placeholder = "/";
}

function showOptions() {
  const found = commandPaths().find((c) => c.path === state.command);
  if (!found) { clearCommand(); return; }
  const chip = $("command-chip");
  chip.hidden = false;
  chip.textContent = "/" + found.label;
  chip.dataset.command = found.path;
  $("command-input").placeholder = found.description || "";
  const box = $("command-options");
  const kept = {};
  box.querySelectorAll("[data-option]").forEach((n) => { kept[n.dataset.option] = n.value; });
  box.innerHTML = "";
  const opts = [...found.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  for (const o of opts) box.append(optionField(o, kept[o.name]));
}

function optionField(o, keep) {
  const label = document.createElement("label");
  label.className = "opt";
  label.title = localized(o, "description") || "";
  label.innerHTML = Markdown.esc(localized(o, "name")) + (o.required ? ' <span class="req">*</span>' : "");
  const v = state.view;
  let input;
  const selectOf = (items) => {
    const s = document.createElement("select");
    const blank = document.createElement("option");
    blank.value = "";
    blank.textContent = "—";
    s.append(blank);
    for (const [value, text] of items) {
      const opt = document.createElement("option");
      opt.value = String(value);
      opt.textContent = text;
      s.append(opt);
    }
    return s;
  };
  if (o.choices && o.choices.length) input = selectOf(o.choices.map((c) => [c.value, localized(c, "name")]));
  else if (o.type === 5) input = selectOf([["true", ui("yes")], ["false", ui("no")]]);
  else if (o.type === 6) input = selectOf(v.members.map((m) => [m.id, "@" + m.name]));
  else if (o.type === 8) input = selectOf(v.roles.map((r) => [r.id, "@" + r.name]));
  else if (o.type === 9) input = selectOf([...v.members.map((m) => [m.id, "@" + m.name]), ...v.roles.map((r) => [r.id, "@" + r.name])]);
  else if (o.type === 7) {
    input = selectOf(v.all_channels.filter((c) => !o.channel_types || o.channel_types.includes(c.type))
      .map((c) => [c.id, (c.type === 4 ? "▾ " : "#") + c.name]));
  } else {
    input = document.createElement("input");
    if (o.type === 4 || o.type === 10) {
      input.type = "number";
      input.step = o.type === 4 ? "1" : "any";
      if (o.min_value !== undefined && o.min_value !== null) input.min = String(o.min_value);
      if (o.max_value !== undefined && o.max_value !== null) input.max = String(o.max_value);
    } else {
      if (o.min_length) input.minLength = o.min_length;
      if (o.max_length) input.maxLength = o.max_length;
    }
  }
  input.dataset.option = o.name;
  input.dataset.type = String(o.type);
  input.required = Boolean(o.required);
  if (keep !== undefined) input.value = keep;
  label.append(input);
  return label;
}

$("command-input").addEventListener("input", suggest);
$("command-input").addEventListener("focus", suggest);
$("command-input").addEventListener("blur", () => { $("suggestions").hidden = true; });
$("command-input").addEventListener("keydown", (ev) => {
  if (ev.key === "Backspace" && !ev.target.value && state.command) clearCommand();
  if (ev.key === "Escape") clearCommand();
});

$("command-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!state.command) {
    const first = $("suggestions").querySelector("li");
    if (first) choose(first.dataset.command); else if ($("command-input").value) toast(ui("noCommand"));
    return;
  }
  if (!$("command-form").reportValidity()) return;
  const options = {};
  $("command-options").querySelectorAll("[data-option]").forEach((n) => {
    if (n.value === "") return;
    const type = Number(n.dataset.type);
    options[n.dataset.option] = type === 4 ? parseInt(n.value, 10) : type === 10 ? parseFloat(n.value)
      : type === 5 ? n.value === "true" : n.value;
  });
  const command = state.command;
  clearCommand();
  await act({kind: "command", command, options}, $("command-send"));
});

// -- who, which language, live updates -----------------------------------------------------------------------

$("as-select").addEventListener("change", (ev) => { state.as = ev.target.value; state.timelineKey = ""; refresh(); });
$("locale-select").addEventListener("change", (ev) => {
  state.locale = ev.target.value;
  localStorage.setItem("together.locale", state.locale);
  state.timelineKey = "";
  render();
});

let pending = null;
function soon() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; refresh(); }, 50);
}
new EventSource("/_web/events").addEventListener("change", soon);
setInterval(() => { state.timelineKey = ""; if (state.view) render(); }, 30000);  // relative times move on
refresh();
