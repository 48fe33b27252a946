// Progressive search on the home page and the département pages: filters the
// establishments of index.json by name, commune or UAI. Without this script the pages
// are plain lists of links. Values are only set with textContent and setAttribute.
(function () {
  "use strict";
  var zone = document.getElementById("recherche");
  if (!zone || !window.fetch) return;
  var MAX = 50;
  function norme(s) {
    s = String(s || "").toLowerCase();
    if (s.normalize) s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.replace(/œ/g, "oe").replace(/[^a-z0-9]+/g, " ").trim();
  }
  var label = document.createElement("label");
  label.textContent = "Rechercher un établissement (nom, commune ou UAI) ";
  var input = document.createElement("input");
  input.type = "search";
  input.setAttribute("autocomplete", "off");
  label.appendChild(input);
  var liste = document.createElement("ul");
  var etat = document.createElement("p");
  etat.setAttribute("aria-live", "polite");
  zone.appendChild(label);
  zone.appendChild(etat);
  zone.appendChild(liste);
  var donnees = null;
  function charger() {
    if (donnees) return Promise.resolve(donnees);
    return fetch(zone.getAttribute("data-index")).then(function (r) { return r.json(); })
      .then(function (d) {
        donnees = d.map(function (e) { return { e: e, cle: norme(e.nom + " " + e.commune + " " + e.uai) }; });
        return donnees;
      });
  }
  function afficher(q) {
    charger().then(function (d) {
      var mots = norme(q).split(" ").filter(Boolean);
      while (liste.firstChild) liste.removeChild(liste.firstChild);
      if (!mots.length) { etat.textContent = ""; return; }
      var n = 0;
      for (var i = 0; i < d.length && n < MAX; i++) {
        var ok = mots.every(function (m) { return d[i].cle.indexOf(m) >= 0; });
        if (!ok) continue;
        n++;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.setAttribute("href", d[i].e.url);
        a.textContent = d[i].e.nom + " (" + d[i].e.commune + ", " + d[i].e.uai + ")";
        li.appendChild(a);
        liste.appendChild(li);
      }
      etat.textContent = n === 0 ? "Aucun établissement trouvé." : n + (n === MAX ? " premiers résultats." : " résultat(s).");
    }).catch(function () { etat.textContent = "La recherche est indisponible."; });
  }
  var minuteur = null;
  input.addEventListener("input", function () {
    clearTimeout(minuteur);
    minuteur = setTimeout(function () { afficher(input.value); }, 150);
  });
})();
