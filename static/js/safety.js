// Safety behaviour: quick exit and the urge timer. Filled in by the safety module.
