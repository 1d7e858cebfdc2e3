// The playground page: pick a person, read what they see, and send every gesture to the server,
// which signs it and sends it to Bryggan through the local Slack stand-in.
"use strict";

(function () {
  const { el, render, collect, mrkdwn } = window.Blocks;
  const $ = (id) => document.getElementById(id);
  const state = { words: {}, allWords: {}, lang: "sv", user: null, view: null, data: null, rev: null,
    poll: null, modalKey: null, thread: null, seen: {}, local: [] };

  async function post(name, body) {
    const response = await fetch(`/api/${name}`, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user: state.user, ...body }) });
    const answer = await response.json();
    if (!response.ok) say(`${state.words.failed}: ${answer.error}`);
    return answer;
  }

  function say(text) { $("status").textContent = text; }

  function applyWords() {
    state.words = state.allWords[state.lang];
    document.documentElement.lang = state.lang;
    document.title = state.words.title;
    for (const node of document.querySelectorAll("[data-w]")) node.textContent = state.words[node.dataset.w];
    $("composer-text").placeholder = state.words.composer_placeholder;
    $("lang").textContent = state.words.language;
    $("lang").lang = state.words.language_code;
  }

  // --- the polling loop: the server answers once something this person could see has changed ---
  async function loop() {
    const user = state.user;
    const controller = new AbortController();
    state.poll = controller;
    while (state.poll === controller) {
      try {
        const rev = state.rev === null ? "" : `&rev=${encodeURIComponent(state.rev)}`;
        const response = await fetch(`/api/state?user=${user}${rev}`, { signal: controller.signal });
        const data = await response.json();
        if (state.poll !== controller) return;
        state.rev = data.rev;
        state.data = data;
        draw();
      } catch (error) {
        if (controller.signal.aborted) return;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  function restart() {
    if (state.poll) state.poll.abort();
    state.rev = null;
    state.modalKey = null;
    loop();
  }

  // --- drawing ---
  function env(ctx) {
    const data = state.data;
    return {
      words: state.words,
      names: data.names,
      act: (element, block, value) => act(ctx, element, block, value),
      confirmThen,
      fieldId: (b) => `f-${(ctx.view_id || "m")}-${b.block_id || b.element.action_id}`.replace(/[^\w-]/g, "_"),
      describedBy: (b) => { const base = `f-${(ctx.view_id || "m")}-${b.block_id || b.element.action_id}`.replace(/[^\w-]/g, "_");
        return `${base}-error${b.hint ? " " + base + "-hint" : ""}`; },
      choices: (type, selected) => {
        const people = type.includes("users") ? data.people.map((p) => [p.id, `${p.name} (${p.real_name})`])
          : data.channels.map((c) => [c.id, "#" + c.name]);
        return people.map(([value, text]) => el("option", { value, text, selected: selected.includes(value) }));
      },
    };
  }

  function draw() {
    const data = state.data;
    $("clock-now").textContent = `${data.now} (${state.words.weekdays.split(",")[data.weekday]})`;
    if (!state.view || (state.view !== "home" && state.view !== data.im && !data.channels.some((c) => c.id === state.view))) {
      state.view = data.channels[0] ? data.channels[0].id : data.im;
    }
    drawPeople();
    drawSidebar();
    drawConversation();
    drawThread();
    drawModal();
  }

  function drawPeople() {
    const select = $("person");
    if (select.options.length === state.data.people.length) return;
    select.replaceChildren(...state.data.people.map((p) =>
      el("option", { value: p.id, text: `${p.name} – ${p.real_name}, ${p.title}`, selected: p.id === state.user })));
  }

  function visibleIn(channel) {
    return state.data.messages.filter((m) => m.channel === channel).concat(state.local.filter((m) => m.channel === channel && m.user_for === state.user));
  }

  function sideButton(id, label, onclick) {
    const count = id === "home" ? 0 : visibleIn(id).length;
    const unread = id !== state.view && count > (state.seen[`${state.user}:${id}`] || 0);
    const fresh = count - (state.seen[`${state.user}:${id}`] || 0);
    return el("li", {}, [el("button", { type: "button", "aria-current": String(id === state.view), class: unread ? "unread" : "",
      "data-id": id, onclick }, [el("span", { text: label }), unread ? el("span", { class: "badge", text: String(fresh) }) : null])]);
  }

  function open(id) {
    state.view = id;
    state.thread = null;
    if (id === "home") post("home", {});
    draw();
    $("messages").focus();
  }

  function drawSidebar() {
    const data = state.data;
    $("channel-list").replaceChildren(...data.channels.map((c) => sideButton(c.id, `# ${c.name}`, () => open(c.id))));
    $("dm-list").replaceChildren(sideButton(data.im, state.words.bryggan, () => open(data.im)));
    $("app-list").replaceChildren(sideButton("home", state.words.home, () => open("home")));
  }

  function messageNode(m, inThread) {
    const data = state.data;
    const ctx = { channel: m.channel, ts: m.ts, ephemeral: m.ephemeral };
    const who = m.slackbot ? state.words.slackbot : (m.bot ? "Bryggan" : data.names[m.user] || m.user);
    const time = new Date(parseFloat(m.ts) * 1000).toLocaleTimeString(state.lang, { hour: "2-digit", minute: "2-digit", timeZone: state.data.zone });
    const body = m.blocks ? render(m.blocks, env(ctx)) : el("div", { class: "mrkdwn", html: mrkdwn(m.text || "", data.names) });
    const files = (m.files || []).map((f) => /\.png$/i.test(f.name)
      ? el("figure", { class: "file" }, [el("img", { src: `/files/${f.id}`, alt: f.title || f.name })])
      : el("div", { class: "file" }, [el("a", { href: `/files/${f.id}?download=1`, download: f.name, text: `${state.words.download} ${f.name}` })]));
    const replies = inThread ? [] : data.messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts && r.channel === m.channel);
    const threadLink = replies.length ? el("button", { type: "button", class: "thread-link",
      onclick: () => { state.thread = { channel: m.channel, ts: m.ts }; drawThread(); $("thread-close").focus(); },
      text: `${replies.length} ${state.words.replies}` }) : null;
    return el("article", { class: "message" + (m.ephemeral ? " ephemeral" : ""), "data-ts": m.ts }, [
      m.ephemeral ? el("span", { class: "flag", text: state.words.only_you }) : null,
      el("div", {}, [el("span", { class: "who", text: who }), el("span", { class: "meta", text: time + (m.edited ? " " + state.words.edited : "") })]),
      body, ...files, threadLink]);
  }

  function drawConversation() {
    const data = state.data;
    const list = $("messages");
    const keep = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    $("composer").hidden = state.view === "home";
    if (state.view === "home") {
      $("conversation-title").textContent = state.words.home;
      list.replaceChildren(data.home ? render(data.home.blocks, env({ view_id: data.home.id })) : el("p", { class: "empty", text: state.words.home_loading }));
      return;
    }
    const channel = data.channels.find((c) => c.id === state.view);
    $("conversation-title").textContent = channel ? `# ${channel.name}${channel.school ? " – " + channel.school : " (" + state.words.not_linked + ")"}` : state.words.bryggan;
    const top = visibleIn(state.view).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    state.seen[`${state.user}:${state.view}`] = visibleIn(state.view).length;
    list.replaceChildren(...(top.length ? top.map((m) => messageNode(m, false)) : [el("p", { class: "empty", text: state.words.no_messages })]));
    if (keep) list.scrollTop = list.scrollHeight;
  }

  function drawThread() {
    const pane = $("thread");
    const thread = state.thread;
    pane.hidden = !thread;
    if (!thread) return;
    const all = state.data.messages.filter((m) => m.channel === thread.channel && (m.ts === thread.ts || m.thread_ts === thread.ts));
    $("thread-messages").replaceChildren(...all.map((m) => messageNode(m, true)));
  }

  function drawModal() {
    const dialog = $("modal");
    const modal = state.data.modal;
    if (!modal) {
      state.modalKey = null;
      if (dialog.open) dialog.close();
      return;
    }
    const key = `${state.user}:${modal.id}:${modal.hash}`;
    if (key !== state.modalKey) {
      state.modalKey = key;
      $("modal-title").textContent = modal.title ? modal.title.text : "";
      $("modal-body").replaceChildren(render(modal.blocks, env({ view_id: modal.id })));
      $("modal-submit").textContent = modal.submit ? modal.submit.text : "";
      $("modal-submit").hidden = !modal.submit;
      $("modal-close").textContent = state.data.depth > 1 ? state.words.back : (modal.close ? modal.close.text : state.words.cancel);
      if (!dialog.open) dialog.showModal();
      const first = $("modal-body").querySelector("input, textarea, select, button");
      if (first) first.focus();
    }
    showErrors(state.data.errors || {});
  }

  function showErrors(errors) {
    const modal = state.data.modal;
    for (const b of modal.blocks.filter((x) => x.type === "input")) {
      const id = env({ view_id: modal.id }).fieldId(b);
      const message = errors[b.block_id] || "";
      const node = document.getElementById(`${id}-error`);
      if (node) node.textContent = message;
      const field = document.getElementById(id);
      if (field) field.setAttribute("aria-invalid", String(Boolean(message)));
    }
  }

  // --- gestures ---
  function confirmThen(confirm, then) {
    if (!confirm) { then(); return; }
    const dialog = $("confirm");
    $("confirm-title").textContent = confirm.title ? confirm.title.text : state.words.confirm_title;
    $("confirm-text").innerHTML = confirm.text.type === "mrkdwn" ? mrkdwn(confirm.text.text, state.data.names) : "";
    if (confirm.text.type !== "mrkdwn") $("confirm-text").textContent = confirm.text.text;
    $("confirm-yes").textContent = confirm.confirm ? confirm.confirm.text : state.words.confirm_yes;
    $("confirm-deny").textContent = confirm.deny ? confirm.deny.text : state.words.cancel;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => { if (dialog.returnValue === "yes") then(); }, { once: true });
    dialog.showModal();
  }

  async function act(ctx, element, block, value) {
    const body = { action_id: element.action_id, block_id: block.block_id || null, value };
    if (ctx.view_id) {
      body.view_id = ctx.view_id;
      const modal = state.data.modal;
      if (modal && modal.id === ctx.view_id) body.values = collect(modal.blocks, $("modal-body"), env(ctx)).values;
    } else Object.assign(body, { channel: ctx.channel, ts: ctx.ts, ephemeral: ctx.ephemeral });
    say(state.words.waiting);
    const answer = await post("action", body);
    if (!answer.error) say("");
  }

  async function submitModal(event) {
    event.preventDefault();
    const modal = state.data.modal;
    const ctx = { view_id: modal.id };
    const { values, missing } = collect(modal.blocks, $("modal-body"), env(ctx));
    if (missing.length) {  // Slack refuses to send these itself, beside the field
      showErrors(Object.fromEntries(missing.map((id) => [id, state.words.required])));
      return;
    }
    say(state.words.waiting);
    const answer = await post("submit", { values });
    if (!answer.error) say("");
    if (answer.errors && Object.keys(answer.errors).length) showErrors(answer.errors);
  }

  async function sendComposer(event) {
    event.preventDefault();
    const input = $("composer-text");
    const line = input.value.trim();
    if (!line) return;
    if (!line.startsWith("/")) { say(state.words.only_commands); return; }
    const [command, ...rest] = line.split(/\s+/);
    const text = line.slice(command.length).trim();
    input.value = "";
    say(state.words.waiting);
    const answer = await post("command", { channel: state.view, command, text });
    if (!answer.error) say("");
    if (answer.unknown) {
      state.local.push({ channel: state.view, user_for: state.user, ts: String(Date.now() / 1000), slackbot: true, ephemeral: true,
        text: state.words.unknown_command.replace("{command}", command).replace("{known}", state.data.commands.join(", ")) });
      draw();
    }
    void rest;
  }

  async function forward(minutes) {
    say(state.words.waiting);
    const answer = await post("forward", { minutes });
    if (answer.now) say(state.words.forwarded);
  }

  async function init() {
    const response = await fetch("/api/words");
    const { words, lang } = await response.json();
    state.allWords = words;
    state.lang = localStorage.getItem("bryggan-lang") || lang;
    applyWords();
    const first = await (await fetch("/api/state?user=U0REKTOR1")).json();
    state.user = localStorage.getItem("bryggan-person") || first.people[1].id;
    $("person").addEventListener("change", () => {
      state.user = $("person").value;
      localStorage.setItem("bryggan-person", state.user);
      state.view = null; state.thread = null;
      if ($("modal").open) $("modal").close();
      restart();
    });
    $("lang").addEventListener("click", () => {
      state.lang = state.words.language_code;
      localStorage.setItem("bryggan-lang", state.lang);
      applyWords();
      if (state.data) draw();
    });
    $("composer").addEventListener("submit", sendComposer);
    $("modal-form").addEventListener("submit", submitModal);
    $("modal-close").addEventListener("click", () => post("close", {}));
    $("modal").addEventListener("cancel", (event) => { event.preventDefault(); post("close", {}); });
    $("thread-close").addEventListener("click", () => { state.thread = null; drawThread(); });
    for (const button of document.querySelectorAll("button.forward")) {
      button.addEventListener("click", () => forward(Number(button.dataset.minutes)));
    }
    $("forward-form").addEventListener("submit", (event) => {
      event.preventDefault();
      forward(Number($("forward-amount").value) * Number($("forward-unit").value));
    });
    restart();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
