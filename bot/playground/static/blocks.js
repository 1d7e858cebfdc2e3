// Block Kit drawn as HTML: every interactive element reports back through `env.act`, which the page
// turns into the block_actions payload Slack would send. No framework: plain DOM.
"use strict";

(function () {
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "html") node.innerHTML = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const unescapeMrkdwn = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

  function control(inner, names) {
    const [target, label] = inner.split("|", 2);
    if (target.startsWith("@")) return `<span class="mention">@${escapeHtml(label || names[target.slice(1)] || target.slice(1))}</span>`;
    if (target.startsWith("#")) return `<span class="mention">#${escapeHtml(label || names[target.slice(1)] || target.slice(1))}</span>`;
    if (target.startsWith("!date")) return escapeHtml(unescapeMrkdwn(label || ""));
    if (target.startsWith("!")) return `<span class="mention">@${escapeHtml(label || target.slice(1).split("^")[0])}</span>`;
    const url = unescapeMrkdwn(target);
    if (!/^(https?:|mailto:|tel:)/i.test(url)) return escapeHtml(unescapeMrkdwn(label || target));
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(unescapeMrkdwn(label || target))}</a>`;
  }

  // The emoji Bryggan's words use, drawn as Slack draws them (no image set is shipped).
  const EMOJI = { red_circle: "🔴", large_yellow_circle: "🟡", large_green_circle: "🟢", warning: "⚠️",
    white_check_mark: "✅", calendar: "📅", spiral_calendar_pad: "🗓️", bar_chart: "📊", bell: "🔔" };

  function styles(html) {
    return html
      .replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all)
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s.,:;!?)])/g, "$1<strong>$2</strong>")
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s.,:;!?)])/g, "$1<em>$2</em>")
      .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s.,:;!?)])/g, "$1<del>$2</del>");
  }

  // Slack mrkdwn to safe HTML: text is HTML-escaped first; only Slack's own markup becomes tags.
  function mrkdwn(text, names) {
    const parts = [];
    const pattern = /```([\s\S]*?)```|`([^`\n]+)`|<([^<>]+)>/g;
    let last = 0, match;
    const plain = (s) => styles(escapeHtml(unescapeMrkdwn(s)));
    while ((match = pattern.exec(text))) {
      parts.push(plain(text.slice(last, match.index)));
      if (match[1] !== undefined) parts.push(`<pre>${escapeHtml(unescapeMrkdwn(match[1]))}</pre>`);
      else if (match[2] !== undefined) parts.push(`<code>${escapeHtml(unescapeMrkdwn(match[2]))}</code>`);
      else parts.push(control(match[3], names));
      last = pattern.lastIndex;
    }
    parts.push(plain(text.slice(last)));
    return parts.join("").split("\n").map((line) =>
      line.startsWith("&gt; ") ? `<blockquote>${line.slice(5)}</blockquote>` : line).join("<br>")
      .replace(/<\/blockquote><br>/g, "</blockquote>");
  }

  function textNode(obj, env, tag) {
    if (!obj) return null;
    const node = el(tag || "span", { class: obj.type === "mrkdwn" ? "mrkdwn" : "plain" });
    if (obj.type === "mrkdwn") node.innerHTML = mrkdwn(obj.text || "", env.names);
    else node.textContent = obj.text || "";
    return node;
  }
  const plain = (obj) => (obj && obj.text) || "";

  function options(element) {
    const out = [];
    for (const option of element.options || []) out.push(option);
    for (const group of element.option_groups || []) out.push(...group.options);
    return out;
  }

  function optionNodes(element, selected) {
    const make = (option) => el("option", { value: option.value, text: plain(option.text),
      selected: selected.includes(option.value) });
    if (element.option_groups) {
      return element.option_groups.map((g) => el("optgroup", { label: plain(g.label) }, g.options.map(make)));
    }
    return (element.options || []).map(make);
  }

  // One interactive element. `input` says it lives in an input block (its value is read on submit).
  function element(e, block, env, input) {
    const act = (value) => env.act(e, block, value);
    const id = input ? env.fieldId(block) : undefined;
    const described = input ? env.describedBy(block) : undefined;
    switch (e.type) {
      case "button": {
        const cls = "btn" + (e.style ? " " + e.style : "");
        return el("button", { type: "button", class: cls, text: plain(e.text), "data-action": e.action_id,
          onclick: () => env.confirmThen(e.confirm, () => act(undefined)) });
      }
      case "overflow": {
        const select = el("select", { "aria-label": env.words.more, class: "overflow",
          onchange: () => { const v = select.value; select.value = ""; env.confirmThen(e.confirm, () => act(v)); } },
          [el("option", { value: "", text: "⋯" }), ...optionNodes(e, [])]);
        return select;
      }
      case "static_select": case "external_select": case "users_select": case "conversations_select":
      case "channels_select": {
        const initial = e.initial_option ? [e.initial_option.value] : [e.initial_user || e.initial_conversation || e.initial_channel].filter(Boolean);
        const opts = e.type === "static_select" || e.type === "external_select" ? optionNodes(e, initial) : env.choices(e.type, initial);
        const select = el("select", { id, "aria-describedby": described, "data-type": e.type, "aria-label": input ? undefined : plain(e.placeholder) || env.words.choose,
          onchange: input && !block.dispatch_action ? null : () => env.confirmThen(e.confirm, () => act(select.value || null)) },
          [el("option", { value: "", text: plain(e.placeholder) || env.words.choose }), ...opts]);
        return select;
      }
      case "multi_static_select": case "multi_external_select": case "multi_users_select":
      case "multi_conversations_select": case "multi_channels_select": {
        const initial = (e.initial_options || []).map((o) => o.value).concat(e.initial_users || []);
        const opts = e.type === "multi_static_select" || e.type === "multi_external_select" ? optionNodes(e, initial) : env.choices(e.type, initial);
        const select = el("select", { id, multiple: true, size: Math.min(6, Math.max(3, opts.length)), "data-type": e.type,
          "aria-describedby": described, "aria-label": input ? undefined : plain(e.placeholder) || env.words.choose,
          onchange: input && !block.dispatch_action ? null : () => act([...select.selectedOptions].map((o) => o.value)) }, opts);
        return select;
      }
      case "datepicker": {
        const node = el("input", { type: "date", id, value: e.initial_date, "data-type": e.type, "aria-describedby": described,
          "aria-label": input ? undefined : plain(e.placeholder) || "datum",
          onchange: input && !block.dispatch_action ? null : () => env.confirmThen(e.confirm, () => act(node.value || null)) });
        return node;
      }
      case "timepicker": {
        const node = el("input", { type: "time", id, value: e.initial_time, "data-type": e.type, "aria-describedby": described,
          "aria-label": input ? undefined : plain(e.placeholder) || "tid",
          onchange: input && !block.dispatch_action ? null : () => env.confirmThen(e.confirm, () => act(node.value || null)) });
        return node;
      }
      case "checkboxes": case "radio_buttons": {
        const initial = (e.initial_options || (e.initial_option ? [e.initial_option] : [])).map((o) => o.value);
        const name = `${block.block_id}-${e.action_id}-${Math.random().toString(36).slice(2, 7)}`;
        const kind = e.type === "checkboxes" ? "checkbox" : "radio";
        const set = el("fieldset", { class: "checks", id, "data-type": e.type, "aria-describedby": described }, options(e).map((o) =>
          el("label", {}, [el("input", { type: kind, name, value: o.value, checked: initial.includes(o.value),
            onchange: input && !block.dispatch_action ? null : () => {
              const picked = [...set.querySelectorAll("input:checked")].map((i) => i.value);
              act(kind === "checkbox" ? picked : picked[0] || null);
            } }), " ", textNode(o.text, env), o.description ? el("span", { class: "hint", text: " – " + plain(o.description) }) : null])));
        return set;
      }
      case "plain_text_input": case "email_text_input": case "url_text_input": case "number_input": {
        const attrs = { id, "data-type": e.type, "aria-describedby": described, placeholder: plain(e.placeholder),
          maxlength: e.max_length, minlength: e.min_length };
        if (e.multiline) { const t = el("textarea", attrs); t.value = e.initial_value || ""; return t; }
        return el("input", { ...attrs, type: e.type === "email_text_input" ? "email" : "text", value: e.initial_value || "" });
      }
      case "image":
        return el("img", { src: e.image_url, alt: e.alt_text || "" });
      case "mrkdwn": case "plain_text":
        return textNode(e, env);
      default:
        return el("span", { class: "empty", text: `[${e.type}]` });
    }
  }

  function block(b, index, env) {
    switch (b.type) {
      case "header":
        return el("div", { class: "block-header", role: "heading", "aria-level": "3" }, [textNode(b.text, env)]);
      case "divider":
        return el("hr", { class: "block-divider" });
      case "section": {
        const fields = b.fields ? el("div", { class: "fields" }, b.fields.map((f) => textNode(f, env, "div"))) : null;
        const body = el("div", { class: "body" }, [textNode(b.text, env, "div"), fields]);
        return el("div", { class: "block-section" }, [body, b.accessory ? element(b.accessory, b, env, false) : null]);
      }
      case "context":
        return el("div", { class: "block-context" }, (b.elements || []).map((e) => element(e, b, env, false)));
      case "actions":
        return el("div", { class: "block-actions" }, (b.elements || []).map((e) => element(e, b, env, false)));
      case "image":
        return el("figure", { class: "block-image" }, [b.title ? el("figcaption", { text: plain(b.title) }) : null,
          el("img", { src: b.image_url, alt: b.alt_text || "" })]);
      case "input": {
        const control = element(b.element, b, env, true);
        const grouped = ["checkboxes", "radio_buttons"].includes(b.element.type);
        const label = el(grouped ? "span" : "label", { class: "label", for: grouped ? undefined : env.fieldId(b), id: env.fieldId(b) + "-label" },
          [document.createTextNode(plain(b.label)), b.optional ? el("span", { class: "hint", text: " " + env.words.optional }) : null]);
        if (grouped) control.setAttribute("aria-labelledby", label.id);
        return el("div", { class: "block-input", "data-block": b.block_id || `auto${index}` }, [label, control,
          b.hint ? el("div", { class: "hint", id: env.fieldId(b) + "-hint", text: plain(b.hint) }) : null,
          el("div", { class: "error", id: env.fieldId(b) + "-error", role: "alert" })]);
      }
      default:
        return el("div", { class: "empty", text: `[${b.type}]` });
    }
  }

  function render(blocks, env) {
    return el("div", { class: "blocks" }, (blocks || []).map((b, i) => block(b, i, env)));
  }

  // The values Slack would put in view.state for each input block, as the driver takes them.
  function collect(blocks, root, env) {
    const values = {};
    const missing = [];
    (blocks || []).forEach((b, index) => {
      if (b.type !== "input") return;
      const blockId = b.block_id || `auto${index}`;
      const node = root.querySelector(`#${CSS.escape(env.fieldId(b))}`);
      let value = null;
      const type = b.element.type;
      if (type === "checkboxes") value = [...node.querySelectorAll("input:checked")].map((i) => i.value);
      else if (type === "radio_buttons") value = (node.querySelector("input:checked") || {}).value || null;
      else if (node.multiple) value = [...node.selectedOptions].map((o) => o.value);
      else if (type.endsWith("_input")) value = node.value;
      else value = node.value || null;
      const empty = value === null || value === "" || (Array.isArray(value) && value.length === 0);
      if (empty && !b.optional) missing.push(blockId);
      values[blockId] = { [b.element.action_id || `auto${index}`]: { value } };
    });
    return { values, missing };
  }

  window.Blocks = { render, collect, mrkdwn, el };
})();
