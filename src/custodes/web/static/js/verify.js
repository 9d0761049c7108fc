/* Verify one journal entry of the public log in this browser, trusting nothing but the log's published key.
 *
 * 1. Parse the published verifier key (C2SP signed-note vkey: <name>+<key id hex>+<base64(0x01 || Ed25519 key)>)
 *    and check that its key id is SHA-256(name || 0x0A || 0x01 || key)[:4].
 * 2. Fetch /log/checkpoint and verify its signed-note signature with that key (WebCrypto Ed25519); read the
 *    tree size and root hash from the signed text only.
 * 3. Fetch the entry's bytes from the log's entry bundle (C2SP tlog-tiles: /log/tile/entries/<N>[.p/<W>],
 *    each entry a big-endian uint16 length then its bytes) and hash the leaf: SHA-256(0x00 || entry).
 * 4. Fetch the inclusion proof (/log/proof/inclusion?index=&size=), use only its list of hashes, and fold them
 *    up to a root (RFC 9162 2.1.3.2, node = SHA-256(0x01 || left || right)); it must equal the signed root.
 * 5. Check that the entry says it is entry <index> and, when the page asks for a record, that it is that record.
 * Any failure stops with the exact reason, in the page's language (the texts come from the page's
 * #verify-texts JSON block, made from messages.yaml). No library, no build step.
 */
(function () {
  "use strict";
  var enc = new TextEncoder();
  var TILE = 256;
  /* The page's texts in its language (messages.yaml, ui.verify.js.*), "{name}" filled in by say(). */
  var box = document.getElementById("verify-texts");
  var TEXTS = box ? JSON.parse(box.textContent) : {};
  /* In a right-to-left page each value (hashes, URLs, names) is isolated (U+2068 ... U+2069) so it keeps its order. */
  var rtl = document.documentElement.dir === "rtl";
  function say(key, values) {
    return String(TEXTS[key] || key).replace(/\{(\w+)\}/g, function (m, k) {
      if (!values || values[k] === undefined) return m;
      return rtl ? "\u2068" + String(values[k]) + "\u2069" : String(values[k]);
    });
  }
  function fail(key, values) { return new Error(say(key, values)); }

  function b64(text) {
    var bin = atob(text), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  function concat() {
    var n = 0, i, parts = arguments;
    for (i = 0; i < parts.length; i++) n += parts[i].length;
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)); }
  async function fetchBytes(url) {
    var r = await fetch(url, { cache: "no-store" });
    if (!r.ok) throw fail("answered", { url: url, status: r.status });
    return new Uint8Array(await r.arrayBuffer());
  }

  /* Step 1: the published key. */
  async function parseVkey(vkey) {
    var m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+\/]+=*)$/.exec(vkey.trim());  /* base64 may hold "+" */
    if (!m) throw fail("key_format");
    var parts = m.slice(1);
    var raw = b64(parts[2]);
    if (raw.length !== 33 || raw[0] !== 0x01) throw fail("key_not_ed25519");
    var pub = raw.slice(1);
    var id = (await sha256(concat(enc.encode(parts[0]), Uint8Array.of(0x0a, 0x01), pub))).slice(0, 4);
    if (hex(id) !== parts[1].toLowerCase()) throw fail("key_id");
    var key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
    return { name: parts[0], id: id, key: key };
  }

  /* Step 2: the signed checkpoint. A signed note is the text, a blank line, then "— <name> <base64(id || sig)>" lines. */
  async function verifyCheckpoint(note, vk) {
    var split = -1;
    for (var i = 0; i + 1 < note.length; i++) if (note[i] === 0x0a && note[i + 1] === 0x0a) { split = i; break; }
    if (split < 0) throw fail("not_a_note");
    var text = note.slice(0, split + 1);
    var lines = new TextDecoder("utf-8", { fatal: true }).decode(note.slice(split + 2)).split("\n");
    var signed = false;
    for (var j = 0; j < lines.length && !signed; j++) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(lines[j]);
      if (!m || m[1] !== vk.name) continue;
      var blob = b64(m[2]);
      if (blob.length !== 68 || !same(blob.slice(0, 4), vk.id)) continue;
      signed = await crypto.subtle.verify({ name: "Ed25519" }, vk.key, blob.slice(4), text);
    }
    if (!signed) throw fail("no_signature");
    var body = new TextDecoder().decode(text).split("\n");
    var size = Number(body[1]), root = b64(body[2] || "");
    if (!/^\d+$/.test(body[1] || "") || !Number.isSafeInteger(size) || root.length !== 32) {
      throw fail("malformed");
    }
    return { origin: body[0], size: size, root: root };
  }

  /* Step 3: the entry from its bundle. */
  function encodeIndex(n) {
    var parts = [String(n % 1000).padStart(3, "0")];
    for (n = Math.floor(n / 1000); n > 0; n = Math.floor(n / 1000)) parts.push("x" + String(n % 1000).padStart(3, "0"));
    return parts.reverse().join("/");
  }
  function bundlePath(index, size) {
    var tile = Math.floor(index / TILE), full = Math.floor(size / TILE);
    var width = tile < full ? TILE : size % TILE;
    return { url: "/log/tile/entries/" + encodeIndex(tile) + (width < TILE ? ".p/" + width : ""), width: width };
  }
  function bundleEntry(bundle, width, at) {
    var entries = [], pos = 0;
    while (pos < bundle.length) {
      if (pos + 2 > bundle.length) throw fail("cut_length");
      var len = (bundle[pos] << 8) | bundle[pos + 1];
      if (pos + 2 + len > bundle.length) throw fail("cut_entry");
      entries.push(bundle.slice(pos + 2, pos + 2 + len));
      pos += 2 + len;
    }
    if (entries.length !== width) throw fail("bundle_count", { n: entries.length, width: width });
    return entries[at];
  }

  /* Step 4: RFC 9162 2.1.3.2, verifying an inclusion proof. */
  async function rootFromProof(index, size, leaf, proof) {
    if (index >= size) throw fail("not_in_tree", { index: index, size: size });
    var fn = index, sn = size - 1, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      var p = proof[i];
      if (sn === 0) throw fail("proof_long");
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(Uint8Array.of(1), p, r));
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(concat(Uint8Array.of(1), r, p));
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw fail("proof_short");
    return r;
  }

  async function verify(index, expect, step) {
    var vkeyText = document.getElementById("log-vkey").textContent;
    var vk = await parseVkey(vkeyText);
    step("ui-key", say("step_key", { name: vk.name, id: hex(vk.id) }));
    var cp = await verifyCheckpoint(await fetchBytes("/log/checkpoint"), vk);
    step("ui-checkpoint", say("step_checkpoint", { size: cp.size, root: hex(cp.root) }));
    var where = bundlePath(index, cp.size);
    if (index >= cp.size) throw fail("not_in_signed_tree", { index: index, size: cp.size });
    var entry = bundleEntry(await fetchBytes(where.url), where.width, index % TILE);
    var leaf = await sha256(concat(Uint8Array.of(0), entry));
    step("ui-entry", say("step_entry", { index: index, url: where.url, bytes: entry.length, leaf: hex(leaf) }));
    var r = await fetch("/log/proof/inclusion?index=" + index + "&size=" + cp.size, { cache: "no-store" });
    if (!r.ok) throw fail("answered", { url: "/log/proof/inclusion", status: r.status });
    var proof = (await r.json()).proof.map(b64);
    var root = await rootFromProof(index, cp.size, leaf, proof);
    if (!same(root, cp.root)) {
      throw fail("root_mismatch", { root: hex(root), signed: hex(cp.root) });
    }
    step("ui-proof", say("step_proof", { n: proof.length }));
    var e = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(entry));
    if (e.i !== index) throw fail("wrong_index", { got: e.i, index: index });
    if (expect && expect.kind) {
      var rec = e.rec || {};
      if (e.kind !== expect.kind || String(rec[expect.field]) !== expect.value) {
        throw fail("wrong_record", { index: index, kind: e.kind, expect: expect.kind, field: expect.field,
                                     value: expect.value });
      }
      step("ui-record", say("step_record", { kind: expect.kind, field: expect.field, value: expect.value }));
    }
    return e;
  }

  var form = document.getElementById("verify-form");
  if (!form) return;
  var result = document.getElementById("verify-result"), steps = document.getElementById("verify-steps");
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    var index = Number(document.getElementById("verify-index").value);
    var expect = JSON.parse(form.dataset.expect || "{}");
    steps.textContent = "";
    document.getElementById("verify-entry-box").hidden = true;
    result.className = ""; result.dataset.state = "running"; result.textContent = result.dataset.running;
    function step(id, text) {
      var li = document.createElement("li"); li.className = "ok"; li.textContent = "\u2713 " + text; steps.appendChild(li);
    }
    try {
      if (!Number.isSafeInteger(index) || index < 0) throw fail("give_index");
      var e = await verify(index, expect.kind ? expect : null, step);
      document.getElementById("verify-entry").textContent = JSON.stringify(e, null, 2);
      document.getElementById("verify-entry-box").hidden = false;
      result.className = "ok"; result.dataset.state = "ok"; result.textContent = result.dataset.ok;
    } catch (err) {
      result.className = "bad"; result.dataset.state = "failed";
      result.textContent = result.dataset.failed + " " + (err && err.message ? err.message : String(err));
    }
  });
})();
