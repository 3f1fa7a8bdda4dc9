// Runs before the page is drawn: marks that JavaScript is on, so a phone may show the compact,
// pinned help bar (without JavaScript every page keeps the full strip with every line).
document.documentElement.classList.add("js");
