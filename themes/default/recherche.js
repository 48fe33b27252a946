// Progressive search on the ENT home page and the département pages. Without this script the
// pages are plain lists of links. Roster values are only ever set with textContent and
// attribute setters, never parsed as HTML.
(function () {
  "use strict";
  var zone = document.getElementById("recherche");
  if (!zone || !window.fetch) return;
  var racine = zone.getAttribute("data-racine") || "";
  var MAX = 50;

  function norme(s) {
    s = String(s || "").toLowerCase();
    if (s.normalize) s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.replace(/[œ]/g, "oe").replace(/[æ]/g, "ae").replace(/[^a-z0-9]+/g, " ").trim();
  }
  function correspond(texte, mots) {
    for (var i = 0; i < mots.length; i++) if (texte.indexOf(mots[i]) < 0) return false;
    return true;
  }

  var id = "recherche-champ";
  var label = document.createElement("label");
  label.setAttribute("for", id);
  label.textContent = "Rechercher un établissement (nom, commune ou UAI)";
  var champ = document.createElement("input");
  champ.type = "search";
  champ.id = id;
  champ.autocomplete = "off";
  champ.spellcheck = false;
  var etat = document.createElement("p");
  etat.className = "recherche-etat";
  etat.setAttribute("role", "status");
  etat.setAttribute("aria-live", "polite");
  var liste = document.createElement("ul");
  liste.className = "recherche-resultats";
  liste.hidden = true;
  zone.appendChild(label);
  zone.appendChild(champ);
  zone.appendChild(etat);
  zone.appendChild(liste);

  // Entries: {t: normalised text, nom, detail, url}.
  var entrees = null;
  var chargements = {};
  function depuisJson(donnees) {
    return donnees.map(function (e) {
      return {
        t: norme([e.nom, e.commune, e.uai].join(" ")),
        nom: String(e.nom),
        detail: (e.commune ? String(e.commune) + ", " : "") + "UAI " + String(e.uai),
        url: racine + String(e.url)
      };
    });
  }
  function charger(url) {
    if (!chargements[url]) {
      chargements[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(depuisJson);
    }
    return chargements[url];
  }
  function depuisPage() {
    var out = [];
    var liens = document.querySelectorAll("ul.etablissements li");
    for (var i = 0; i < liens.length; i++) {
      var a = liens[i].querySelector("a");
      if (!a) continue;
      var detail = liens[i].textContent.slice(a.textContent.length).replace(/^[,\s]+/, "");
      out.push({ t: norme(liens[i].textContent), nom: a.textContent, detail: detail, url: a.getAttribute("href") });
    }
    return out;
  }
  // Département of a UAI: 057… → 57, 620… → 2A, 720… → 2B, 971… → 971.
  function departementUai(q) {
    var m = /^([0-9]{3})[0-9]{4}[a-z]?$/.exec(q.replace(/ /g, ""));
    if (!m) return null;
    if (m[1] === "620") return "2a";
    if (m[1] === "720") return "2b";
    return m[1].charAt(0) === "0" ? m[1].slice(1) : m[1];
  }

  // The first MAX results as links (with their detail), the list hidden when empty.
  function lister(trouves) {
    liste.textContent = "";
    for (var i = 0; i < trouves.length && i < MAX; i++) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = trouves[i].url;
      a.textContent = trouves[i].nom;
      li.appendChild(a);
      if (trouves[i].detail) li.appendChild(document.createTextNode(", " + trouves[i].detail));
      liste.appendChild(li);
    }
    liste.hidden = trouves.length === 0;
  }
  function afficher(trouves, mots, sansResultat) {
    lister(trouves);
    if (!mots.length) { etat.textContent = ""; return; }
    if (!trouves.length) { etat.textContent = sansResultat || "Aucun établissement trouvé."; return; }
    var s = trouves.length > 1 ? "s" : "";
    etat.textContent = trouves.length + " établissement" + s + " trouvé" + s +
      (trouves.length > MAX ? " ; les " + MAX + " premiers sont affichés, précisez la recherche." : ".");
  }
  function filtrer(liste, mots) {
    return liste.filter(function (e) { return correspond(e.t, mots); });
  }

  var index = zone.getAttribute("data-index");
  var parDepartement = zone.getAttribute("data-departements");
  var minuterie = null;
  var numero = 0;
  function chercher() {
    var q = norme(champ.value);
    var mots = q ? q.split(" ") : [];
    var moi = ++numero;
    if (!mots.length) { afficher([], mots); return; }
    if (index) {
      charger(index).then(function (e) {
        if (moi === numero) afficher(filtrer(e, mots), mots);
      }, function () {
        etat.textContent = "La recherche est indisponible : utilisez la liste ci-dessous.";
      });
    } else if (parDepartement) {
      // A large ENT: the home page knows only the départements. A UAI leads to its
      // département's index; otherwise the départements are filtered by code or name.
      var dep = departementUai(q);
      if (dep) {
        charger(racine + "departements/" + dep + "/index.json").then(function (e) {
          if (moi === numero) afficher(filtrer(e, mots), mots);
        }, function () {
          if (moi === numero) afficher([], mots);
        });
        return;
      }
      var deps = document.querySelectorAll("ul.departements-liste li a");
      var trouves = [];
      for (var i = 0; i < deps.length; i++) {
        if (correspond(norme(deps[i].textContent), mots)) {
          trouves.push({ nom: deps[i].textContent, detail: "", url: deps[i].getAttribute("href") });
        }
      }
      lister(trouves);
      etat.textContent = trouves.length
        ? trouves.length + " département" + (trouves.length > 1 ? "s" : "") + " trouvé" + (trouves.length > 1 ? "s" : "") +
          ". Pour chercher par nom ou commune, ouvrez la page du département."
        : "Aucun département trouvé. Saisissez un code UAI, un numéro ou un nom de département.";
    } else {
      if (!entrees) entrees = depuisPage();
      afficher(filtrer(entrees, mots), mots);
    }
  }
  champ.addEventListener("input", function () {
    clearTimeout(minuterie);
    minuterie = setTimeout(chercher, 150);
  });
})();
