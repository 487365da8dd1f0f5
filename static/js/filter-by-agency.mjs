// A list of people offers only those of the agency chosen in another select (the lead
// person's account, from the owner agency's people). Without script every person is offered,
// each named with their agency, and the server refuses one from another agency.
// <select data-filter-by="id of the agency select"> with options marked data-agency="<pk>".
for (const list of document.querySelectorAll("select[data-filter-by]")) {
  const agency = document.getElementById(list.dataset.filterBy);
  if (!agency) continue;
  const filter = () => {
    for (const option of list.options) {
      // The chosen person stays visible, so the server's message names what was picked.
      const other = option.dataset.agency && option.dataset.agency !== agency.value;
      option.hidden = Boolean(other) && !option.selected;
    }
  };
  agency.addEventListener("change", filter);
  filter();
}
